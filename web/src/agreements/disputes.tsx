import type { DisputeView, QuestionView } from "../api/extras.ts";
import { describeDate } from "../lib/dates.ts";
import { Link } from "../lib/router.tsx";
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
  settleLink,
}: {
  disputes: readonly DisputeView[];
  partyName: (id: string) => string;
  /** Where an editor records the dispute's settlement (none for those who may not). */
  settleLink?: ((dispute: DisputeView) => string) | undefined;
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
          {settleLink && dispute.status === "open" ? (
            <p>
              <Link className="button" to={settleLink(dispute)}>
                Record the settlement
                <span className="visually-hidden">: {dispute.claim.slice(0, 60)}</span>
              </Link>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

/** `answerLink`: where an editor answers a question (none for those who may not). */
export function OpenQuestions({
  questions,
  answerLink,
  termName,
}: {
  questions: readonly QuestionView[];
  answerLink?: ((question: QuestionView) => string) | undefined;
  termName: (termId: string) => string | undefined;
}) {
  if (questions.length === 0) return <p>No open questions.</p>;
  return (
    <ul className="questions" data-testid="open-questions">
      {questions.map((question) => (
        <li key={question.id} data-question={question.id}>
          <p>
            <strong>{question.answer ? "Answered: " : "Unknown: "}</strong>
            {question.question}
            <QuestionTerm question={question} termName={termName} />
          </p>
          {question.answer ? <p>{question.answer}</p> : null}
          {answerLink && !question.answer ? (
            <p>
              <Link className="button" to={answerLink(question)}>
                Answer<span className="visually-hidden">: {question.question}</span>
              </Link>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function QuestionTerm({
  question,
  termName,
}: {
  question: QuestionView;
  termName: (termId: string) => string | undefined;
}) {
  if (!question.termId) return null;
  return (
    <span className="muted" title={question.termId}>
      {" "}
      ({termName(question.termId) ?? "a term of this agreement"})
    </span>
  );
}

/** Questions someone has answered (with OpenQuestionAnswered), each with its answer. */
export function AnsweredQuestions({
  questions,
  termName,
}: {
  questions: readonly QuestionView[];
  termName: (termId: string) => string | undefined;
}) {
  if (questions.length === 0) return <p>No answered questions.</p>;
  return (
    <ul className="questions answered" data-testid="answered-questions">
      {questions.map((question) => (
        <li key={question.id} data-question={question.id}>
          <p>
            <strong>Asked: </strong>
            {question.question || "A question recorded without its wording"}
            <QuestionTerm question={question} termName={termName} />
          </p>
          <p>
            <strong>Answer: </strong>
            <span data-answer>{question.answer}</span>
          </p>
        </li>
      ))}
    </ul>
  );
}
