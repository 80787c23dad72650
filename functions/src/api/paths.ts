/**
 * Paths the app itself must know before any route group is built (which are public, which take
 * a larger body), kept out of the groups' modules so knowing them builds no group.
 */
export const BASE_PATH = "/api/v1";

/** E-mail links are opened outside the app, so they live under one public prefix. */
export const MAIL_LINK_PREFIX = "/mail/links/";

/** The import format's JSON Schema, public so tools can fetch it without a token. */
export const IMPORT_FORMAT_PATH = "/export.schema.json";
