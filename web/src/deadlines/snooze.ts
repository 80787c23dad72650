import { useCallback, useState } from "react";

/**
 * Snoozing hides a deadline from this person's lists until a date. It is a reading preference
 * of this browser (the API has no snooze): reminders by e-mail still go out, and acknowledging
 * is what stops them. Kept in localStorage, which holds no secret.
 */
const keyOf = (tenant: string, person: string) => `termline.snoozed.${tenant}.${person}`;

function read(key: string): Record<string, string> {
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? "{}");
    return typeof parsed === "object" && parsed !== null ? (parsed as Record<string, string>) : {};
  } catch {
    return {};
  }
}

export function useSnoozes(tenant: string, person: string) {
  const key = keyOf(tenant, person);
  const [snoozed, setSnoozed] = useState(() => read(key));
  const save = useCallback(
    (next: Record<string, string>) => {
      localStorage.setItem(key, JSON.stringify(next));
      setSnoozed(next);
    },
    [key],
  );
  return {
    /** The date a deadline sleeps until, if it is snoozed on `today`. */
    until: (id: string, today: string): string | undefined => {
      const date = snoozed[id];
      return date && date > today ? date : undefined;
    },
    snooze: (id: string, until: string) => save({ ...read(key), [id]: until }),
    wake: (id: string) => {
      const { [id]: _gone, ...rest } = read(key);
      save(rest);
    },
  };
}
