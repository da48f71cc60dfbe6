import { Form } from "@remix-run/react";
import { useTranslation } from "react-i18next";

/** The facilitator's ballot order setting (random per participant, or fixed). */
export function BallotOrderForm({ value, saved }: { value: "random" | "fixed"; saved: boolean }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="ballot-order-title" className="card" id="ballot-order">
      <h2 id="ballot-order-title">{t("ballot.order.title")}</h2>
      <p className="muted">{t("ballot.order.intro")}</p>
      {saved ? <p className="notice ok" role="status">{t("ballot.order.saved")}</p> : null}
      <Form method="post" className="stack">
        <input type="hidden" name="intent" value="ballotOrder" />
        <fieldset>
          <legend className="sr-only">{t("ballot.order.title")}</legend>
          {(["random", "fixed"] as const).map((o) => (
            <label key={o} className="radio">
              <input type="radio" name="ballotOrder" value={o} defaultChecked={value === o} /> {t(`ballot.order.${o}`)}
            </label>
          ))}
        </fieldset>
        <button type="submit">{t("ballot.order.save")}</button>
      </Form>
    </section>
  );
}
