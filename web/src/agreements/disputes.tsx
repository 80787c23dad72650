import type { DisputeView, QuestionView } from "../api/extras.ts";
import { describeDate } from "../lib/dates.ts";
import { Sources } from "../ui/sources.tsx";

const KIND_TEXT: Record<string, string> = {
  "party-claim": "A party claims",
  "conflicting-reports": "Reports disagree",
  "uncertain-fact": "Uncertain",
};

/** `partyName`: who claims it, by name (the log holds the party's catalog id). */
export function Disputes({
  disputes,
  partyName,
}: {
  disputes: readonly DisputeView[];
  partyName: (id: string) => string;
}) {
  if (disputes.length === 0) return <p>No disputes recorded.</p>;
  return (
    <ul className="disputes" data-testid="disputes">
      {disputes.map((dispute) => (
        <li key={dispute.id} className={`dispute dispute-${dispute.status}`}>
          <p>
            <strong>
              {dispute.status === "open"
                ? "Disputed"
                : dispute.status === "resolved"
                  ? "Resolved"
                  : "Not yet raised"}
              :{" "}
            </strong>
            {KIND_TEXT[dispute.kind] ?? dispute.kind}
            {dispute.claimedBy ? ` (${partyName(dispute.claimedBy)})` : ""}: {dispute.claim}
          </p>
          <p className="muted">
            {dispute.raisedOn ? `Raised ${describeDate(dispute.raisedOn)}` : null}
            {dispute.resolvedOn ? ` · resolved ${describeDate(dispute.resolvedOn)}` : null}
            {dispute.resolution ? `: ${dispute.resolution}` : null}
          </p>
          <Sources sources={dispute.sources} />
        </li>
      ))}
    </ul>
  );
}

export function OpenQuestions({ questions }: { questions: readonly QuestionView[] }) {
  if (questions.length === 0) return <p>No open questions.</p>;
  return (
    <ul className="questions" data-testid="open-questions">
      {questions.map((question) => (
        <li key={question.id}>
          <p>
            <strong>{question.answer ? "Answered: " : "Unknown: "}</strong>
            {question.question}
            {question.termId ? (
              <>
                {" "}
                (term <code>{question.termId}</code>)
              </>
            ) : null}
          </p>
          {question.answer ? <p>{question.answer}</p> : null}
        </li>
      ))}
    </ul>
  );
}
