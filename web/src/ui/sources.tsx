import { Fragment } from "react";
import type { Source } from "../api/types.ts";

function One({ source }: { source: Source }) {
  return (
    <>
      {source.url ? (
        <a href={source.url} rel="noreferrer noopener" target="_blank">
          {source.publication}
        </a>
      ) : (
        source.publication
      )}
      {source.title ? <>: “{source.title}”</> : null}
      {source.date ? <span className="muted"> ({source.date})</span> : null}
    </>
  );
}

/** Where a fact was reported: a list, or with `inline` one line separated by semicolons. */
export function Sources({
  sources,
  inline = false,
}: {
  sources: readonly Source[];
  inline?: boolean;
}) {
  if (sources.length === 0) return <span className="muted">No source recorded</span>;
  if (inline)
    return (
      <span className="sources-inline">
        {sources.map((source, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: sources have no id and never reorder
          <Fragment key={index}>
            {index > 0 ? "; " : null}
            <One source={source} />
          </Fragment>
        ))}
      </span>
    );
  return (
    <ul className="sources">
      {sources.map((source, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: sources have no id and never reorder
        <li key={index}>
          <One source={source} />
        </li>
      ))}
    </ul>
  );
}
