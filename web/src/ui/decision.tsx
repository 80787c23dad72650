import type { Decision } from "../api/types.ts";
import { UNCERTAIN_MEANING } from "./certainty.tsx";

export const DECISIONS: Record<Decision, { icon: string; label: string; meaning: string }> = {
  allowed: {
    icon: "✓",
    label: "Allowed",
    meaning: "a grant in force covers it, nothing restricts it",
  },
  conditional: {
    icon: "!",
    label: "Conditional",
    meaning: "allowed, subject to a priority, condition or open dispute",
  },
  denied: {
    icon: "✕",
    label: "Denied",
    meaning: "no grant covers it, or another's exclusivity excludes it",
  },
  conflict: { icon: "⚡", label: "Conflict", meaning: "terms in force contradict each other" },
};

/** A decision as icon, word and colour together: never colour alone. */
export function DecisionBadge({ decision }: { decision: Decision }) {
  const { icon, label } = DECISIONS[decision];
  return (
    <span className={`decision decision-${decision}`}>
      <span className="decision-icon" aria-hidden="true">
        {icon}
      </span>
      {label}
    </span>
  );
}

/** With `uncertain`, the legend also explains the mark on answers that could differ. */
export function DecisionLegend({ uncertain = false }: { uncertain?: boolean }) {
  return (
    <section className="legend" aria-label="Legend">
      <h2 className="visually-hidden">Legend</h2>
      <ul>
        {(Object.keys(DECISIONS) as Decision[]).map((decision) => (
          <li key={decision}>
            <DecisionBadge decision={decision} /> <span>{DECISIONS[decision].meaning}</span>
          </li>
        ))}
        {uncertain ? (
          <li data-legend="uncertain">
            <span className="legend-uncertain">
              <span className="certainty-icon" aria-hidden="true">
                ?
              </span>
              Uncertain
            </span>{" "}
            <span>{UNCERTAIN_MEANING}</span>
          </li>
        ) : null}
      </ul>
    </section>
  );
}
