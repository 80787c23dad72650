import type { Decision } from "../api/types.ts";

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

export function DecisionLegend() {
  return (
    <section className="legend" aria-label="Legend">
      <h2 className="visually-hidden">Legend</h2>
      <ul>
        {(Object.keys(DECISIONS) as Decision[]).map((decision) => (
          <li key={decision}>
            <DecisionBadge decision={decision} /> <span>{DECISIONS[decision].meaning}</span>
          </li>
        ))}
      </ul>
    </section>
  );
}
