/** Where each agreement's snapshot lives in the views table. */
export const agreementViewKey = (agreementId: string) => `agreement#${agreementId}`;
export const AGREEMENT_VIEW_PREFIX = "agreement#";
