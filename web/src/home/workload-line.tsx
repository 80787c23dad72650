import { useWorkloadEntitlements } from "../api/reads.ts";
import type { Workload } from "../api/types.ts";
import type { Namer } from "../lib/names.ts";
import { Link } from "../lib/router.tsx";
import { workloadVerdict } from "../lib/verdict.ts";

/** A workload and its decision today, in one sentence. */
export function WorkloadLine({
  workload,
  today,
  names,
}: {
  workload: Workload;
  today: string;
  names: Namer;
}) {
  const answer = useWorkloadEntitlements(workload.id, today);
  return (
    <li data-workload={workload.id}>
      <Link to={`/workloads?workload=${encodeURIComponent(workload.id)}`}>{workload.name}</Link>{" "}
      <span className="muted">({names.product(workload.product)})</span>
      <br />
      {answer.data
        ? workloadVerdict(answer.data.providers, names.provider)
        : answer.error
          ? "Its decision could not be read."
          : "Reading its decision…"}
    </li>
  );
}
