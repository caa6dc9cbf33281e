/**
 * CSV as spreadsheets read it (RFC 4180: a field with a comma, a quote or a line break is quoted,
 * its quotes doubled; CRLF between rows). A text field that a spreadsheet would take for a formula
 * (starting with =, +, -, @, a tab or a carriage return) gets a leading apostrophe, so an export
 * opened in Excel or Sheets never runs what a shopper typed into their name.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return "";
  if (typeof value === "number") return String(value);
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replaceAll('"', '""')}"` : safe;
}

export const csvRow = (values: (string | number | null | undefined)[]) =>
  `${values.map(csvField).join(",")}\r\n`;

/** A CSV file as a stream: the header, then each page of rows as `pages` yields it. */
export function csvStream(
  header: string[],
  pages: AsyncIterable<(string | number | null | undefined)[][]>,
): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  const iterator = pages[Symbol.asyncIterator]();
  let started = false;
  return new ReadableStream({
    async pull(controller) {
      if (!started) {
        started = true;
        // A byte-order mark: Excel then reads the file as UTF-8 (names with accents stay whole).
        controller.enqueue(encoder.encode(`\uFEFF${csvRow(header)}`));
        return;
      }
      const next = await iterator.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value.map(csvRow).join("")));
    },
  });
}
