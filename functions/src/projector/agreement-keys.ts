/** Where each agreement's snapshot lives in the views table. */
export const agreementViewKey = (agreementId: string) => `agreement#${agreementId}`;
export const AGREEMENT_VIEW_PREFIX = "agreement#";

/** The agreement's listing, beside its snapshot: what the agreements list reads. */
export const listingKey = (agreementId: string) => `listing#${agreementId}`;
export const LISTING_PREFIX = "listing#";
