/** The local tables' names; on AWS the deployment names them and passes them in. */
export const LOCAL_TABLES = { events: "termline-events", views: "termline-views" };
