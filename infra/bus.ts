/**
 * The EventBridge bus for everything Termline publishes (see
 * `packages/core/src/integration/bus-events.ts`): source `termline`; detail-type is the domain
 * event's type (e.g. `TermAmended`) for committed events, or `DeadlineApproaching` for alerts.
 */
export const bus = new sst.aws.Bus("TermlineBus");

/** The only bus permission any function gets: putting events on this bus. */
export const putEventsPermission: sst.aws.FunctionPermissionArgs = {
  actions: ["events:PutEvents"],
  resources: [bus.arn],
};
