import type { IntentContext } from "./intent-form.tsx";
import { openDisputesOf } from "./intent-form.tsx";
import { Choice, Text } from "./intent-inputs.tsx";
import type { Draft } from "./intents.ts";

/** "A dispute was raised or settled": the claim and who makes it, or which dispute ended and how. */
export function DisputeFields({
  draft,
  patch,
  ctx,
}: {
  draft: Draft;
  patch: (change: Partial<Draft>) => void;
  ctx: IntentContext;
}) {
  const { agreement, names, idPrefix, errors } = ctx;
  const id = (name: string) => `${idPrefix}-${name}`;
  const disputes = openDisputesOf(agreement);
  return (
    <>
      <fieldset className="segmented-choice">
        <legend>Raised or settled?</legend>
        {(["raise", "settle"] as const).map((action) => (
          <label key={action}>
            <input
              type="radio"
              name={id("dispute-action")}
              checked={draft.disputeAction === action}
              onChange={() => patch({ disputeAction: action })}
            />{" "}
            {action === "raise" ? "A dispute was raised" : "A dispute was settled"}
          </label>
        ))}
      </fieldset>
      {draft.disputeAction === "settle" ? (
        <>
          <Choice
            id={id("dispute")}
            label="Dispute"
            value={draft.disputeId}
            options={disputes.map((dispute) => ({
              value: dispute.id,
              label: dispute.claim.slice(0, 100),
            }))}
            onChange={(disputeId) => patch({ disputeId })}
            error={errors.dispute}
          />
          <Text
            id={id("resolution")}
            label="How it was settled"
            value={draft.text}
            onChange={(text) => patch({ text })}
            error={errors.text}
          />
        </>
      ) : (
        <>
          <Choice
            id={id("dispute-kind")}
            label="What kind"
            value={draft.disputeKind}
            options={[
              { value: "party-claim", label: "A party claims something" },
              { value: "conflicting-reports", label: "Reports disagree" },
              { value: "uncertain-fact", label: "A fact is uncertain" },
            ]}
            onChange={(kind) =>
              patch({ disputeKind: (kind || "party-claim") as Draft["disputeKind"] })
            }
          />
          <Text
            id={id("claim")}
            label="The claim"
            value={draft.text}
            onChange={(text) => patch({ text })}
            error={errors.text}
          />
          <Choice
            id={id("claimed-by")}
            label="Claimed by (optional)"
            value={draft.claimedBy}
            options={agreement.parties.map((party) => ({
              value: party.party,
              label: names.party(party.party),
            }))}
            onChange={(claimedBy) => patch({ claimedBy })}
            empty="Nobody in particular"
          />
          <fieldset className="checks">
            <legend>Terms it puts in doubt (optional)</legend>
            {agreement.terms.map((candidate) => (
              <label key={candidate.id} className="check" title={candidate.id}>
                <input
                  type="checkbox"
                  checked={draft.concerns.includes(candidate.id)}
                  onChange={(event) =>
                    patch({
                      concerns: event.target.checked
                        ? [...draft.concerns, candidate.id]
                        : draft.concerns.filter((termId) => termId !== candidate.id),
                    })
                  }
                />{" "}
                {candidate.summary}
              </label>
            ))}
          </fieldset>
        </>
      )}
    </>
  );
}
