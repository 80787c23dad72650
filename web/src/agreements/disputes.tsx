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

/** `answerLink`: where an editor answers a question (none for those who may not). */
export function OpenQuestions({
  questions,
  answerLink,
}: {
  questions: readonly QuestionView[];
  answerLink?: ((question: QuestionView) => string) | undefined;
}) {
  if (questions.length === 0) return <p>No open questions.</p>;
  return (
    <ul className="questions" data-testid="open-questions">
      {questions.map((question) => (
        <li key={question.id} data-question={question.id}>
          <p>
            <strong>{question.answer ? "Answered: " : "Unknown: "}</strong>
            {question.question}
            <QuestionTerm question={question} />
          </p>
          {question.answer ? <p>{question.answer}</p> : null}
          {answerLink && !question.answer ? (
            <p>
              <Link className="button" to={answerLink(question)}>
                Answer<span className="visually-hidden"> {question.id}</span>
              </Link>
            </p>
          ) : null}
        </li>
      ))}
    </ul>
  );
}

function QuestionTerm({ question }: { question: QuestionView }) {
  if (!question.termId) return null;
  return (
    <>
      {" "}
      (term <code>{question.termId}</code>)
    </>
  );
}

/** Questions someone has answered (with OpenQuestionAnswered), each with its answer. */
export function AnsweredQuestions({ questions }: { questions: readonly QuestionView[] }) {
  if (questions.length === 0) return <p>No answered questions.</p>;
  return (
    <ul className="questions answered" data-testid="answered-questions">
      {questions.map((question) => (
        <li key={question.id} data-question={question.id}>
          <p>
            <strong>Asked: </strong>
            {question.question || <code>{question.id}</code>}
            <QuestionTerm question={question} />
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
