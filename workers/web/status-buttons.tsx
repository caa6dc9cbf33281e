import { DISCOUNT_STATUSES } from "../../src/db/promotion-schema";

const LABELS = { active: "Resume", paused: "Pause", ended: "End" } as const;

/**
 * The buttons that move a code or a promotion to each other status (POST `action` with
 * `status`); an ended one has none: it stays ended.
 */
export function StatusButtons(props: {
  status: (typeof DISCOUNT_STATUSES)[number];
  action: string;
}) {
  if (props.status === "ended") return <>ended</>;
  return (
    <>
      {DISCOUNT_STATUSES.filter((s) => s !== props.status).map((s) => (
        <form method="post" action={props.action} class="inline">
          <input type="hidden" name="status" value={s} />
          <button type="submit" class="link">
            {LABELS[s]}
          </button>{" "}
        </form>
      ))}
    </>
  );
}
