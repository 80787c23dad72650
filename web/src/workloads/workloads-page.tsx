import { useEffect, useState } from "react";
import { api, ok } from "../api/client.ts";
import { useCatalog, useWorkloads } from "../api/reads.ts";
import type { Workload } from "../api/types.ts";
import { DEFAULT_SEGMENT } from "../lib/catalog.ts";
import { namer } from "../lib/names.ts";
import { invalidateAll } from "../lib/resource.ts";
import { setQuery, useQuery } from "../lib/router.tsx";
import { useViewState } from "../lib/view-state.ts";
import { DateField } from "../ui/date-field.tsx";
import { describeError, ErrorNote, Loading } from "../ui/status.tsx";
import { WorkloadDecisions } from "./workload-decisions.tsx";
import { WorkloadForm } from "./workload-form.tsx";

export default function WorkloadsPage() {
  const { at, setAt } = useViewState();
  const query = useQuery();
  const workloads = useWorkloads();
  const catalog = useCatalog();
  const names = namer(catalog.data);
  const [editing, setEditing] = useState<Workload | "new" | null>(null);
  const [problem, setProblem] = useState<string | null>(null);
  const selectedId = query.get("workload");
  const compareWith = query.get("compare") ?? "";
  const selected = workloads.data?.workloads.find((workload) => workload.id === selectedId);

  useEffect(() => {
    document.title = "Workloads · Termline";
  }, []);

  const remove = async (workload: Workload) => {
    if (!window.confirm(`Delete the workload “${workload.name}”?`)) return;
    try {
      await ok(api.workloads[":id"].$delete({ param: { id: workload.id } }));
      invalidateAll();
      if (selectedId === workload.id) setQuery({ workload: undefined });
    } catch (error) {
      setProblem(describeError(error).detail);
    }
  };

  return (
    <>
      <h1>Workloads</h1>
      <p className="lede">
        A workload is a product you run for a segment on candidate providers. See which providers
        may serve it on a date, and compare two dates. Anyone signed in may plan workloads.
      </p>
      <div className="controls">
        <DateField label="Date" value={at} onChange={setAt} />
        <button type="button" className="primary" onClick={() => setEditing("new")}>
          New workload
        </button>
      </div>
      {problem ? (
        <p className="status error" role="alert">
          {problem}
        </p>
      ) : null}
      {editing && catalog.data ? (
        <WorkloadForm
          key={editing === "new" ? "new" : editing.id}
          catalog={catalog.data}
          editing={editing === "new" ? null : editing}
          onDone={(id) => {
            setEditing(null);
            if (id) setQuery({ workload: id });
          }}
        />
      ) : null}
      {workloads.loading ? <Loading what="the workloads" /> : null}
      {workloads.error ? (
        <ErrorNote error={workloads.error} what="the workloads" retry={workloads.reload} />
      ) : null}
      {workloads.data?.workloads.length === 0 ? (
        <p>No workloads yet. Create one to see which providers may serve it.</p>
      ) : null}
      <ul className="cards" data-testid="workloads">
        {workloads.data?.workloads.map((workload) => (
          <li key={workload.id} className={workload.id === selectedId ? "card selected" : "card"}>
            <h2>{workload.name}</h2>
            <p className="muted">
              {names.product(workload.product)} ·{" "}
              {names.segment(workload.segment ?? DEFAULT_SEGMENT)} ·{" "}
              {workload.providers
                ? workload.providers.map(names.provider).join(", ")
                : "any provider"}
            </p>
            <div className="actions">
              <button
                type="button"
                aria-pressed={workload.id === selectedId}
                onClick={() => setQuery({ workload: workload.id })}
              >
                Show decisions<span className="visually-hidden"> for {workload.name}</span>
              </button>
              <button type="button" onClick={() => setEditing(workload)}>
                Edit<span className="visually-hidden"> {workload.name}</span>
              </button>
              <button type="button" className="danger" onClick={() => void remove(workload)}>
                Delete<span className="visually-hidden"> {workload.name}</span>
              </button>
            </div>
          </li>
        ))}
      </ul>
      {selected ? (
        <WorkloadDecisions
          workload={selected}
          at={at}
          compareWith={compareWith}
          onCompare={(date) => setQuery({ compare: date || undefined })}
          names={names}
        />
      ) : null}
    </>
  );
}
