import type { LocalBus } from "@termline/store";
import {
  startStreamPoller,
  viewsTableCheckpoints,
  viewsTableDeadLetters,
} from "@termline/store/local";
import { runAlertJob } from "../alerts/run-alerts.ts";
import type { MailSite } from "../mail/compose.ts";
import { runMailJobs } from "../mail/jobs.ts";
import type { Mailer } from "../mail/mailer.ts";
import { createWatchMailer } from "../mail/watch-mail.ts";
import { createBackgroundNotifier } from "../notify/background-notifier.ts";
import type { DeliveryOptions } from "../notify/deliver.ts";
import { consumerCheckpoints, consumerDeadLetters } from "../publisher/consumer-bookkeeping.ts";
import { createCommittedPublisher } from "../publisher/publish-committed.ts";
import { listTenants } from "../services/tenants.ts";
import type { Wiring } from "./wiring.ts";

/** How long stopping waits for webhook requests under way; their markers keep the rest. */
const STOP_GRACE_MS = 5_000;

/**
 * What AWS runs around the API, on one machine: the projector and the publisher each read the
 * events table's stream with their own checkpoints, the in-process bus feeds the webhook
 * notifier, and a timer runs the daily alert job (idempotent, so running it hourly is harmless).
 * The notifier sends in the background: the publisher waits only until each delivery is
 * claimed and kept in its marker, never for a receiver.
 */
export function startLocalPipeline(options: {
  endpoint: string;
  eventsTable: string;
  wiring: Wiring;
  bus: LocalBus;
  alertIntervalMs: number;
  /** With a mailer, each alert run is followed by the reminder mail job. */
  mail?: { mailer: Mailer; site: MailSite };
  /** How webhooks are tried (tests shorten it). */
  delivery?: DeliveryOptions;
}) {
  const { runtime, projector } = options.wiring;
  const connection = { endpoint: options.endpoint };
  const checkpoints = viewsTableCheckpoints(runtime.viewStore);
  const deadLetters = viewsTableDeadLetters(runtime.viewStore);
  const projecting = startStreamPoller({
    connection,
    tableName: options.eventsTable,
    handler: projector.handler,
    checkpoints,
    deadLetters,
    onError: (error) => console.error("projector:", error),
  });
  const notifier = createBackgroundNotifier(runtime, { delivery: options.delivery });
  options.bus.subscribe("notify", notifier.accept);
  // What a run that crashed had accepted and not sent (killed during a retry wait, say).
  const resuming = listTenants(runtime)
    .then((tenants) => notifier.resumeAbandoned(tenants))
    .then((resumed) => {
      if (resumed > 0) console.log(`Webhooks: sending ${resumed} left unfinished by the last run.`);
    })
    .catch((error: unknown) => console.error("notify: could not resume deliveries:", error));
  if (options.mail)
    options.bus.subscribe(
      "watch-mail",
      createWatchMailer(runtime, options.mail.mailer, options.mail.site),
      { source: ["termline"], detailType: ["EntitlementChanged"] },
    );
  const publishing = startStreamPoller({
    connection,
    tableName: options.eventsTable,
    handler: createCommittedPublisher({ bus: options.bus }),
    checkpoints: consumerCheckpoints(checkpoints, "publisher"),
    deadLetters: consumerDeadLetters(deadLetters, "publisher"),
    onError: (error) => console.error("publisher:", error),
  });

  let alerting: Promise<unknown> = Promise.resolve();
  const runAlerts = () => {
    alerting = alerting
      .then(() => runAlertJob(runtime, options.bus))
      .then(async (run) => {
        if (run.published.length > 0)
          console.log(`Alerts: published ${run.published.length} for ${run.today}.`);
        if (!options.mail) return;
        const { reminders, digests } = await runMailJobs(
          runtime,
          options.mail.mailer,
          options.mail.site,
        );
        const sent = reminders.sent.length + digests.sent.length;
        const failed = reminders.failed.length + digests.failed.length;
        if (sent > 0 || failed > 0)
          console.log(`Mail: ${sent} sent (reminders and digests), ${failed} failed.`);
      })
      .catch((error: unknown) => console.error("alert job:", error));
    return alerting;
  };
  let timer: NodeJS.Timeout | undefined;

  return {
    /** Started once the data is there (after the seed), so the first run sees every tenant. */
    startAlerts() {
      void runAlerts();
      timer = setInterval(() => void runAlerts(), options.alertIntervalMs);
    },
    /** Resolves once what was committed by now is published and handed to the notifier. */
    async drain() {
      await Promise.all([projecting.drain(), publishing.drain()]);
      await options.bus.drain();
    },
    /**
     * Lets the batches in hand finish and hands what the bus holds to the notifier, so nothing
     * committed is lost; a webhook still being tried after a short grace is sent at next start.
     */
    async stop() {
      clearInterval(timer);
      await alerting;
      await Promise.all([projecting.stop(), publishing.stop()]);
      await options.bus.drain();
      await resuming;
      let grace: NodeJS.Timeout | undefined;
      await Promise.race([
        notifier.drain(),
        new Promise((done) => {
          grace = setTimeout(done, STOP_GRACE_MS);
        }),
      ]);
      clearTimeout(grace);
    },
  };
}
