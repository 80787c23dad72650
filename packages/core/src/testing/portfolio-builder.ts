import { derivedQuestions } from "../agreement/derived-questions.ts";
import type { AgreementState } from "../agreement/state.ts";
import { daysAfter } from "../calendar-days.ts";
import type { Catalog } from "../catalog/catalog.ts";
import { type CalendarDate, toFuzzy } from "../dates.ts";
import { TermlineError } from "../errors.ts";
import { defaultAgreement, type EventInput, givenAgreement, type Spec } from "./decider-spec.ts";
import { foldReference, referenceCatalog } from "./in-memory-agreements.ts";
import { type Later, type Op, type PortfolioOps, written } from "./portfolio-arbitraries.ts";

const endType: Record<string, string> = {
  exclusivity: "ExclusivityEnded",
  "distribution-right": "DistributionRightEnded",
  "first-ship-priority": "FirstShipPriorityEnded",
};

const laterThan = (on: CalendarDate, { days, precision }: Later) =>
  toFuzzy(daysAfter(on, days), precision);

/** The event an op stands for in this agreement as it stands, or nothing when it cannot apply. */
export function eventOf(step: Op, state: AgreementState): EventInput | undefined {
  const effectiveOn = written(step.when);
  // Grants take their slot's id; what acts on a term or dispute picks one that exists.
  const terms = Object.values(state.terms);
  const term = "slot" in step ? terms[step.slot % Math.max(terms.length, 1)] : undefined;
  const termId = "slot" in step ? `t${step.slot}` : "";
  const start = term?.granted.on ?? "";
  const cut = (after: Later) => laterThan(term ? start : step.when.on, after);
  const grant = (type: string, fields: Record<string, unknown>) => {
    const { coverage, segments, until } = fields as {
      coverage: object;
      segments?: string[];
      until?: Later;
    };
    const dated = until ? { until: laterThan(step.when.on, until) } : {};
    const only = segments ? { segments } : {};
    return { type, effectiveOn, termId, ...coverage, ...only, ...dated };
  };
  switch (step.op) {
    case "exclusivity":
      return { ...grant("ExclusivityGranted", step), holder: step.holder, scope: step.scope };
    case "distribution":
      return { ...grant("DistributionRightGranted", step), providers: step.providers };
    case "first-ship": {
      const fields = { holder: step.holder, windowDays: step.windowDays };
      return { ...grant("FirstShipPriorityGranted", { ...step, until: undefined }), ...fields };
    }
    case "end": {
      const type = endType[term?.kind ?? ""];
      return type && term
        ? { type, effectiveOn: laterThan(start, step.after), termId: term.id }
        : undefined;
    }
    case "amend-until":
    case "amend-window": {
      if (!term) return undefined;
      const on = laterThan(start, step.after);
      const changes =
        step.op === "amend-until"
          ? { until: laterThan(start, step.until) }
          : { windowDays: step.windowDays };
      return { type: "TermAmended", effectiveOn: on, termId: term.id, changes };
    }
    case "raise": {
      const about = step.about ?? (term ? { termIds: [term.id] } : { products: "all" });
      const reported = step.reportedLater;
      const concerns = {
        ...about,
        ...(step.providers ? { providers: step.providers } : {}),
        ...(reported
          ? {
              effectiveOn: {
                date: step.when.on,
                alternative: daysAfter(step.when.on, reported),
              },
            }
          : {}),
      };
      const dispute = { disputeId: `d${step.slot}`, kind: "party-claim", claim: "contested" };
      return { type: "DisputeRaised", effectiveOn, ...dispute, concerns };
    }
    case "resolve": {
      const open = Object.values(state.disputes).filter(({ resolved }) => !resolved);
      const dispute = open[step.slot % Math.max(open.length, 1)];
      if (!dispute) return undefined;
      const on = laterThan(dispute.raised.on, step.after);
      return { type: "DisputeResolved", effectiveOn: on, disputeId: dispute.id, resolution: "ok" };
    }
    // Both cut through a term in force when there is one: dated after a term's start.
    case "terminate":
      return { type: "AgreementTerminated", effectiveOn: cut(step.after), reason: "called off" };
    case "ends-on": {
      const endsOn = cut(step.after);
      return { type: "AgreementAmended", effectiveOn, summary: "runs to", endsOn };
    }
    case "ask":
      return {
        type: "OpenQuestionRaised",
        effectiveOn,
        questionId: `q${step.slot}`,
        question: "?",
      };
    case "answer": {
      // A recorded question not yet answered, or one the terms raise on that day.
      const open = [
        ...Object.values(state.questions)
          .filter(({ answered }) => !answered)
          .map(({ id }) => id),
        ...derivedQuestions(state, step.when.on).map(({ id }) => id),
      ];
      const questionId = open[step.pick % Math.max(open.length, 1)];
      if (questionId === undefined) return undefined;
      return { type: "OpenQuestionAnswered", effectiveOn, questionId, answer: "!" };
    }
    case "retract": {
      // Any event but the record itself; the decider refuses what cannot be retracted.
      if (state.version < 2) return undefined;
      const retractsVersion = 2 + (step.pick % (state.version - 1));
      return { type: "EventRetracted", retractsVersion, reason: "misreported" };
    }
  }
}

/** Applies one op if the decider accepts it; a refused one leaves the agreement as it was. */
export function applyOp(spec: Spec, step: Op): Spec {
  const event = eventOf(step, spec.state);
  if (!event) return spec;
  try {
    return spec.and(event);
  } catch (error) {
    if (error instanceof TermlineError) return spec;
    throw error;
  }
}

/** Folded once: the reference case is the same in every run that includes it. */
let reference: AgreementState[] | undefined;

/**
 * The portfolio the ops describe: each hand-made agreement (`h1`, `h2`…, from 2020) with the
 * steps the decider accepts, perhaps beside the reference case, on the reference catalog
 * with perhaps one product launching on a date.
 */
export function buildPortfolio(ops: PortfolioOps): {
  agreements: AgreementState[];
  catalog: Catalog;
} {
  const handMade = ops.agreements.map(
    (steps, index) =>
      steps.reduce(applyOp, givenAgreement({ ...defaultAgreement, id: `h${index + 1}` })).state,
  );
  reference ??= foldReference().agreements;
  const agreements = ops.withReference ? [...reference, ...handMade] : handMade;
  const launch = ops.launch;
  if (!launch) return { agreements, catalog: referenceCatalog };
  const products = referenceCatalog.products.map((product) =>
    product.id === launch.product ? { ...product, availableFrom: written(launch.when) } : product,
  );
  return { agreements, catalog: { ...referenceCatalog, products } };
}
