import { type FormEvent, useId, useState } from "react";
import { api, ok } from "../api/client.ts";
import type { Catalog, Workload } from "../api/types.ts";
import { invalidateAll } from "../lib/resource.ts";
import { SEGMENTS, type Segment } from "../lib/view-state.ts";
import { type FieldErrors, fieldErrorsOf, noErrors } from "../ui/field-errors.ts";

type ProductId = Workload["product"];
type ProviderId = NonNullable<Workload["providers"]>[number];

export function WorkloadForm({
  catalog,
  editing,
  onDone,
}: {
  catalog: Catalog;
  editing: Workload | null;
  onDone: (id: string | null) => void;
}) {
  const [name, setName] = useState(editing?.name ?? "");
  const [product, setProduct] = useState<string>(editing?.product ?? "");
  const [segment, setSegment] = useState<Segment>(editing?.segment ?? "commercial");
  const [providers, setProviders] = useState<string[]>(editing?.providers ?? []);
  const [errors, setErrors] = useState<FieldErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const id = useId();

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    const body = {
      name,
      product: product as ProductId,
      segment,
      ...(providers.length > 0 ? { providers: providers as ProviderId[] } : {}),
    };
    try {
      const saved = editing
        ? await ok(api.workloads[":id"].$put({ param: { id: editing.id }, json: body }))
        : await ok(api.workloads.$post({ json: body }));
      invalidateAll();
      onDone(saved.id);
    } catch (error) {
      setErrors(fieldErrorsOf(error));
    } finally {
      setBusy(false);
    }
  };

  const error = (field: string) =>
    errors.fields[field] ? (
      <p id={`${id}-${field}-error`} className="field-error">
        {errors.fields[field]}
      </p>
    ) : null;
  const described = (field: string) =>
    errors.fields[field]
      ? { "aria-invalid": true, "aria-describedby": `${id}-${field}-error` }
      : {};

  return (
    <form
      className="panel"
      onSubmit={submit}
      noValidate
      aria-label={editing ? `Edit ${editing.name}` : "New workload"}
    >
      <h2>{editing ? `Edit “${editing.name}”` : "New workload"}</h2>
      {errors.general ? (
        <p className="status error" role="alert">
          {errors.general}
        </p>
      ) : null}
      <div className="field">
        <label htmlFor={`${id}-name`}>Name</label>
        <input
          id={`${id}-name`}
          value={name}
          onChange={(event) => setName(event.target.value)}
          {...described("name")}
        />
        {error("name")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-product`}>Product</label>
        <select
          id={`${id}-product`}
          value={product}
          onChange={(event) => setProduct(event.target.value)}
          {...described("product")}
        >
          <option value="">Choose a product…</option>
          {catalog.products.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name}
            </option>
          ))}
        </select>
        {error("product")}
      </div>
      <div className="field">
        <label htmlFor={`${id}-segment`}>Segment</label>
        <select
          id={`${id}-segment`}
          value={segment}
          onChange={(event) => setSegment(event.target.value as Segment)}
        >
          {SEGMENTS.map((value) => (
            <option key={value} value={value}>
              {value}
            </option>
          ))}
        </select>
      </div>
      <fieldset {...described("providers")}>
        <legend>Candidate providers (none ticked: all of them)</legend>
        {catalog.providers.map((item) => (
          <label key={item.id} className="check">
            <input
              type="checkbox"
              checked={providers.includes(item.id)}
              onChange={(event) =>
                setProviders((current) =>
                  event.target.checked
                    ? [...current, item.id]
                    : current.filter((value) => value !== item.id),
                )
              }
            />{" "}
            {item.name}
          </label>
        ))}
        {error("providers")}
      </fieldset>
      <div className="actions">
        <button type="submit" className="primary" disabled={busy}>
          {busy ? "Saving…" : editing ? "Save workload" : "Create workload"}
        </button>
        <button type="button" onClick={() => onDone(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
}
