import * as z from "zod";
import type { Runtime } from "./runtime.ts";

/** The tenant's mail settings: a pause for all mail, and when the weekly digest goes out. */
export const MailSettings = z
  .object({
    paused: z.boolean().meta({ description: "No mail of any kind leaves this tenant while true." }),
    digest: z
      .object({
        day: z.enum(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]),
        hour: z.number().int().min(0).max(23),
      })
      .strict()
      .meta({ description: "When the weekly digest reaches each person, in their own time zone." }),
  })
  .strict();
export type MailSettings = z.output<typeof MailSettings>;

const MAIL_SETTINGS = "settings#mail";
export const defaultMailSettings: MailSettings = {
  paused: false,
  digest: { day: "monday", hour: 8 },
};

export async function mailSettingsOf(runtime: Runtime, tenant: string): Promise<MailSettings> {
  const item = await runtime.viewStore.getItem(tenant, MAIL_SETTINGS);
  const parsed = MailSettings.safeParse({ paused: item?.paused, digest: item?.digest });
  return parsed.success ? parsed.data : defaultMailSettings;
}

export async function saveMailSettings(runtime: Runtime, tenant: string, settings: MailSettings) {
  await runtime.viewStore.putItem(tenant, MAIL_SETTINGS, { ...settings, itemType: "settings" });
}
