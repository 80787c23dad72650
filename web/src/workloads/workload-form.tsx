import { type FormEvent, Fragment, useId, useState } from "react";
import { api, ok } from "../api/client.ts";
import type { Catalog, Workload } from "../api/types.ts";
import { DEFAULT_SEGMENT, offered } from "../lib/catalog.ts";
import { invalidateAll } from "../lib/resource.ts";
import { type FieldErrors, fieldErrorsOf, noErrors } from "../ui/field-errors.ts";
import { inlineErrors } from "../ui/form-errors.tsx";

/** Any signed-in person may plan a workload: its product, segment and providers come from the catalog. */
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
  const [segment, setSegment] = useState<string>(editing?.segment ?? DEFAULT_SEGMENT);
  const [providers, setProviders] = useState<string[]>(editing?.providers ?? []);
  const [errors, setErrors] = useState<FieldErrors>(noErrors);
  const [busy, setBusy] = useState(false);
  const id = useId();
  const { error, described, general } = inlineErrors(errors, id);

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setBusy(true);
    setErrors(noErrors);
    const body = {
      name,
      product,
      segment,
      ...(providers.length > 0 ? { providers } : {}),
    };
    try {
      const saved = editing
        ? await ok(api.workloads[":id"].$put({ param: { id: editing.id }, json: body }))
        : await ok(api.workloads.$post({ json: body }));
      invalidateAll();
      onDone(saved.id);
    } catch (failure) {
      setErrors(fieldErrorsOf(failure));
    } finally {
      setBusy(false);
    }
  };

  const products = offered(catalog.products, [product]);
  const segments = offered(catalog.segments, [segment]);
  const candidates = offered(catalog.providers, providers);
  return (
    <form
      className="panel"
      onSubmit={submit}
      noValidate
      aria-label={editing ? `Edit ${editing.name}` : "New workload"}
    >
      <h2>{editing ? `Edit “${editing.name}”` : "New workload"}</h2>
      {general}
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
          <option value="">
            {products.length === 0 ? "The catalog has no products yet" : "Choose a product…"}
          </option>
          {products.map((item) => (
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
          onChange={(event) => setSegment(event.target.value)}
          {...described("segment")}
        >
          {segments.map((item) => (
            <option key={item.id} value={item.id}>
              {item.name}
            </option>
          ))}
        </select>
        {error("segment")}
      </div>
      <fieldset {...described("providers")}>
        <legend>Candidate providers (none ticked: all of them)</legend>
        {candidates.length === 0 ? <p className="hint">The catalog has no providers yet.</p> : null}
        {candidates.map((item) => (
          <label key={item.id} className="check">
            <input
              type="checkbox"
              name="providers"
              value={item.id}
              checked={providers.includes(item.id)}
              {...described(`providers.${providers.indexOf(item.id)}`)}
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
        {/* The API names a ticked provider by its position in the list sent. */}
        {providers.map((provider, index) => (
          <Fragment key={provider}>{error(`providers.${index}`)}</Fragment>
        ))}
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
