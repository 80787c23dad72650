import { useEffect } from "react";
import { api, ok } from "../api/client.ts";
import { useResource } from "../lib/resource.ts";
import { ErrorNote, Loading } from "../ui/status.tsx";

type Message = Awaited<
  ReturnType<typeof ok<Awaited<ReturnType<typeof api.mail.outbox.$get>>>>
>["messages"][number];

const when = (instant: string) =>
  new Date(instant).toLocaleString("en-GB", {
    dateStyle: "long",
    timeStyle: "short",
    timeZone: "UTC",
  });

/**
 * A paragraph of the plain-text body; the lines that are "label: URL" for one of the message's
 * links read as that link, as the HTML part shows them.
 */
function Paragraph({ text, links }: { text: string; links: Message["links"] }) {
  const link = links.find(({ label, url }) => text === `${label}: ${url}`);
  if (link)
    return (
      <p>
        <a href={link.url}>{link.label}</a>
      </p>
    );
  return <p>{text}</p>;
}

function Mail({ message }: { message: Message }) {
  const headingId = `mail-${message.id}`;
  return (
    <article className="card mail" aria-labelledby={headingId}>
      <h2 id={headingId}>{message.subject}</h2>
      <dl className="mail-headers">
        <dt>To</dt>
        <dd>{message.to}</dd>
        <dt>From</dt>
        <dd>{message.from}</dd>
        <dt>Date</dt>
        <dd>
          <time dateTime={message.receivedAt}>{when(message.receivedAt)} UTC</time>
        </dd>
      </dl>
      {message.text
        .split(/\n{2,}/)
        .map((part) => part.trim())
        .filter(Boolean)
        .map((part, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: paragraphs of a message never reorder
          <Paragraph key={index} text={part} links={message.links} />
        ))}
    </article>
  );
}

/**
 * Local only: the mail the in-process SMTP server received for this tenant, newest first, as
 * the person it was addressed to would read it. On AWS mail leaves through SES instead.
 */
export default function OutboxPage() {
  const messages = useResource("outbox", () => ok(api.mail.outbox.$get()));
  useEffect(() => {
    document.title = "Outbox · Termline";
  }, []);
  return (
    <>
      <h1>Outbox</h1>
      <p className="lede">
        Every e-mail Termline sent for this tenant, newest first, as its reader sees it. Here it is
        kept by the local mail server; nothing leaves this machine.
      </p>
      {messages.loading ? <Loading what="the outbox" /> : null}
      {messages.error ? (
        <ErrorNote error={messages.error} what="the outbox" retry={messages.reload} />
      ) : null}
      {messages.data?.messages.length === 0 ? <p>No mail has been sent yet.</p> : null}
      <div className="mails" data-testid="outbox">
        {messages.data?.messages.map((message) => (
          <Mail key={message.id} message={message} />
        ))}
      </div>
    </>
  );
}
