import { daysAfter } from "../calendar-days.ts";
import type { Product } from "../catalog/catalog.ts";
import { type CalendarDate, describeDate, earliestDay, latestDay } from "../dates.ts";
import type { Names } from "../views/names.ts";
import { type Reason, termReason } from "./reasons.ts";
import type { TermInPlay } from "./terms-in-play.ts";

interface Context {
  product: Partial<Product> & { id: string };
  at: CalendarDate;
  names: Names;
  /** Whether the holder is itself shut out by someone else's exclusivity on this cell. */
  holderShutOut: (holder: unknown) => boolean;
  /** One cell's reasons already made (`termReason`). */
  made?: Map<string, Reason>;
}

/** The last day by which the product had surely launched, and how a person reads it. */
function launchedBy(product: Context["product"]) {
  if (product.availableFrom)
    return { last: latestDay(product.availableFrom), text: describeDate(product.availableFrom) };
  if (product.availableBy)
    return { last: product.availableBy, text: `on or before ${describeDate(product.availableBy)}` };
  return undefined;
}

/** Why a first-ship priority does not hold this provider back on `at`, if it does not. */
function whyMoot(item: TermInPlay, { product, at, names, holderShutOut }: Context) {
  const holder = names.provider(item.attributes.holder);
  if (holderShutOut(item.attributes.holder))
    return `Does not bind: ${holder} is itself excluded by another's exclusivity`;
  const window = item.attributes.windowDays;
  if (window === 0)
    return "Does not bind: its window is 0 days, so other clouds may launch the same day";
  const launch = launchedBy(product);
  if (!launch) return undefined;
  const name = names.product(product.id);
  // A priority binds products launched after it starts; one already out that day is not "new".
  if (launch.last <= item.term.granted.on)
    return `Does not bind: ${name} was available (${launch.text}) when the priority began`;
  // The window is surely over only once it has run from the latest day the launch could be.
  if (typeof window === "number" && at >= daysAfter(launch.last, window))
    return `No longer binds: its ${window}-day window after ${name}'s launch (${launch.text}) is over`;
  return undefined;
}

function bindingLead(item: TermInPlay, { product, names }: Context) {
  const window = item.attributes.windowDays;
  const launch = product.availableFrom;
  if (typeof window !== "number")
    return "Priority to another cloud, for a window of unknown length";
  if (product.availableBy)
    return `Priority to another cloud for ${window} days after launch (launched on or before ${describeDate(product.availableBy)})`;
  if (!launch)
    return `Priority to another cloud for ${window} days after launch (launch date not recorded)`;
  const until = daysAfter(earliestDay(launch), window);
  return `Priority to another cloud for ${window} days after ${names.product(product.id)}'s launch (from about ${until} others may serve it)`;
}

/**
 * A first-ship priority holds other clouds back only while it can: not when its holder is
 * shut out, not for a product that launched before the priority began, and, when its window
 * is known, only during that window after the product's launch.
 */
export function firstShipReason(item: TermInPlay, context: Context): Reason {
  const moot = whyMoot(item, context);
  return moot
    ? termReason("first-ship-priority-moot", item, context.at, moot, context.names, context.made)
    : termReason(
        "first-ship-priority",
        item,
        context.at,
        bindingLead(item, context),
        context.names,
        context.made,
      );
}
