import { useEffect } from "react";
import { ApiError } from "../api/client.ts";
import { useResource } from "../lib/resource.ts";
import { useSession } from "../lib/session.tsx";
import { CreateWebhook } from "./create-webhook.tsx";
import { FailedDeliveries } from "./failed-deliveries.tsx";
import { Subscriptions } from "./subscriptions.tsx";
import { listFailedDeliveries, listWebhooks } from "./webhooks-api.ts";
import "./webhooks.css";

function AdminsOnly() {
  return (
    <div className="status notice" role="alert">
      <p>
        <strong>Admins only.</strong> Webhooks send the tenant's data to other systems, so only an
        admin can see or change them. Ask an admin of this tenant if a webhook needs to change.
      </p>
    </div>
  );
}

function AdminWebhooks() {
  const webhooks = useResource("webhooks", listWebhooks);
  const deliveries = useResource("webhooks:failed", listFailedDeliveries);
  // A role changed since sign-in: the API's 403 gets the same plain answer.
  if (webhooks.error instanceof ApiError && webhooks.error.status === 403) return <AdminsOnly />;
  return (
    <>
      <section aria-labelledby="subscriptions-heading">
        <h2 id="subscriptions-heading">Subscriptions</h2>
        <Subscriptions
          list={webhooks}
          onDeleted={() => {
            webhooks.reload();
            deliveries.reload();
          }}
        />
        <CreateWebhook onCreated={webhooks.reload} />
      </section>
      <section aria-labelledby="failed-heading">
        <h2 id="failed-heading">Failed deliveries</h2>
        <p>
          Deliveries that failed every retry, oldest first. A replay sends the same event once more,
          freshly signed, to the webhook's current URL.
        </p>
        <FailedDeliveries list={deliveries} webhooks={webhooks.data?.webhooks} />
      </section>
    </>
  );
}

/**
 * Admins manage where the tenant's events go: subscriptions with their signing secret shown
 * once, and the deliveries that failed, to replay once the receiver is fixed.
 */
export default function WebhooksPage() {
  const { me } = useSession();
  useEffect(() => {
    document.title = "Webhooks · Termline";
  }, []);
  return (
    <>
      <h1>Webhooks</h1>
      <p className="lede">
        Termline POSTs the events you choose to your URLs, signed so your receiver can tell they
        came from here.
      </p>
      {me.role === "admin" ? <AdminWebhooks /> : <AdminsOnly />}
    </>
  );
}
