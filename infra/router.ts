/**
 * One CloudFront distribution for the whole app: the API at `/api`, the web UI at `/`.
 * Set TERMLINE_DOMAIN (a name in a Route 53 hosted zone of the account) before deploying to
 * serve it on your own domain; otherwise it answers on its `*.cloudfront.net` address.
 */
const domain = process.env.TERMLINE_DOMAIN;

export const router = new sst.aws.Router("Router", domain ? { domain } : {});
