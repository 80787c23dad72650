/// <reference path="./.sst/platform/config.d.ts" />

/**
 * Termline on AWS (SST v4). The components live in infra/*.ts, split by concern, and are
 * imported inside run() (SST evaluates this file before its providers are loaded). See
 * DEPLOY.md for deploying and operating it; `npm run typecheck:infra` checks all of it offline
 * against SST's platform types.
 */
export default $config({
  app(input) {
    // `prod` is what DEPLOY.md deploys; `production` is SST's convention. Both are kept safe:
    // resources retained on `sst remove`, and `sst remove` refused for the stage.
    const isProduction = ["production", "prod"].includes(input.stage);
    return {
      name: "termline",
      removal: isProduction ? "retain" : "remove",
      protect: isProduction,
      home: "aws",
    };
  },
  async run() {
    const storage = await import("./infra/storage");
    const { bus } = await import("./infra/bus");
    const { router } = await import("./infra/router");
    const projections = await import("./infra/projections");
    const { api } = await import("./infra/api");
    const alerts = await import("./infra/alerts");
    const mail = await import("./infra/mail");
    const { web } = await import("./infra/web");
    const monitoring = await import("./infra/monitoring");

    return {
      url: router.url,
      api: api.url,
      web: web.url,
      eventsTable: storage.eventsTable.name,
      viewsTable: storage.viewsTable.name,
      bus: bus.name,
      projectorDlq: projections.projectorDlq.url,
      publisherDlq: projections.publisherDlq.url,
      alertsDlq: alerts.alertsDlq.url,
      notifyDlq: alerts.notifyDlq.url,
      mailDlq: mail.mailDlq.url,
      watchMailDlq: mail.watchMailDlq.url,
      sesFailuresDlq: mail.sesFailuresDlq.url,
      mailSender: mail.mailSender.sender,
      opsTopic: monitoring.opsTopic.arn,
      eventsStream: storage.eventsTable.nodes.table.streamArn,
      // Function names, for `aws lambda invoke` and finding log groups (/aws/lambda/<name>).
      apiFunction: api.name,
      projectorFunction: projections.projector.nodes.function.name,
      publisherFunction: projections.publisher.nodes.function.name,
      alertsFunction: alerts.dailyAlerts.nodes.function.name,
      notifyFunction: alerts.notify.name,
      mailFunction: mail.hourlyMail.nodes.function.name,
      watchMailFunction: mail.watchMail.name,
      sesFailuresFunction: mail.sesFailures.nodes.function.name,
    };
  },
});
