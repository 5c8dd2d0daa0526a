import assert from "node:assert/strict";
import { DAILY_FILE, HISTORY_FILE } from "../_testing.ts";
import { assertPublications } from "../contract.ts";
import { RateSourceError } from "../source.ts";
import { isIsoDate, parseEcbXml } from "./parse.ts";

const daily = await Deno.readTextFile(DAILY_FILE);
const history = await Deno.readTextFile(HISTORY_FILE);

function rejects(text: string, message: RegExp) {
  assert.throws(
    () => parseEcbXml(text),
    (e) => e instanceof RateSourceError && e.kind === "malformed" && message.test(e.message),
  );
}

const wrap = (cubes: string) =>
  `<?xml version="1.0" encoding="UTF-8"?>
<gesmes:Envelope xmlns:gesmes="http://www.gesmes.org/xml/2002-08-01" xmlns="http://www.ecb.int/vocabulary/2002-08-01/eurofxref">
  <gesmes:subject>Reference rates</gesmes:subject>
  <gesmes:Sender><gesmes:name>European Central Bank</gesmes:name></gesmes:Sender>
  <Cube>${cubes}</Cube>
</gesmes:Envelope>`;

Deno.test("parseEcbXml() reads the recorded daily file of 2022-07-08", () => {
  const publications = parseEcbXml(daily);
  assertPublications(publications);
  assert.equal(publications.length, 1);
  const [day] = publications;
  assert.equal(day.date, "2022-07-08");
  assert.equal(day.base, "EUR");
  assert.equal(Object.keys(day.rates).length, 31);
  assert.equal(day.rates.USD, "1.0163");
  assert.equal(day.rates.JPY, "138.05");
  assert.equal(day.rates.GBP, "0.84585");
  assert.equal(day.rates.PLN, "4.7630"); // as published, trailing zero kept
  assert.equal(day.rates.IDR, "15210.73");
  assert.equal(day.rates.HRK, "7.5190"); // withdrawn from ISO 4217 since, still published then
  assert.equal(day.rates.RUB, undefined); // suspended in March 2022
});

Deno.test("parseEcbXml() reads the recorded 90-day file, newest first", () => {
  const publications = parseEcbXml(history);
  assertPublications(publications);
  assert.equal(publications.length, 64);
  assert.equal(publications[0].date, "2017-03-03");
  assert.equal(publications.at(-1)!.date, "2016-12-05");
  assert.equal(publications[0].rates.USD, "1.0565");
  assert.equal(publications[0].rates.RUB, "62.0628");
  const byDate = new Map(publications.map((p) => [p.date, p]));
  assert.equal(byDate.get("2017-02-24")!.rates.USD, "1.0609");
  assert.equal(byDate.get("2017-02-27")!.rates.USD, "1.0587");
  // Weekends and TARGET holidays are not published.
  assert.equal(byDate.has("2017-02-25"), false);
  assert.equal(byDate.has("2016-12-25"), false);
  assert.equal(byDate.has("2016-12-26"), false);
  assert.equal(byDate.has("2017-01-01"), false);
});

Deno.test("parseEcbXml() accepts comments, CDATA-free whitespace, double quotes and a BOM", () => {
  const text = "\ufeff" + wrap(`
    <!-- a comment -->
    <Cube time="2024-01-02"><Cube currency="USD" rate="1.0956" /></Cube>
    <Cube time='2024-01-03'>
      <Cube currency='USD' rate='1.0919'/>
      <Cube currency='JPY' rate='155.30'/>
    </Cube>`);
  const publications = parseEcbXml(text);
  assert.deepEqual(publications, [
    { date: "2024-01-03", base: "EUR", rates: { USD: "1.0919", JPY: "155.30" } },
    { date: "2024-01-02", base: "EUR", rates: { USD: "1.0956" } },
  ]);
});

Deno.test("parseEcbXml() rejects documents that are not well-formed XML", () => {
  rejects(daily.slice(0, 700), /unexpected end of document inside <Cube>/);
  rejects(history.slice(0, 5000), /./);
  rejects(daily.replace("</Cube>\n\t</Cube>", "</Cube>\n\t</Cub>"), /does not match/);
  rejects(daily.replace("rate='1.0163'", "rate=1.0163"), /must be quoted/);
  rejects(daily.replace("rate='1.0163'", "rate='1.0163' rate='2'"), /duplicate attribute/);
  rejects(daily.replace("Reference rates", "Reference & rates"), /entity/);
  rejects(daily + "<Cube/>", /second root element/);
  rejects(daily + "trailing", /text outside the root/);
  rejects(
    daily.replace("<gesmes:Envelope", '<!DOCTYPE x [<!ENTITY a "b">]><gesmes:Envelope'),
    /document type declarations are not allowed/,
  );
  rejects("", /no root element/);
  rejects("   ", /no root element/);
});

Deno.test("parseEcbXml() rejects every truncation of the daily file", () => {
  const end = daily.trimEnd().length;
  for (let length = 0; length < end; length++) {
    assert.throws(() => parseEcbXml(daily.slice(0, length)), RateSourceError, `length ${length}`);
  }
});

Deno.test("parseEcbXml() says where a syntax error is", () => {
  assert.throws(
    () => parseEcbXml(daily.replace("<Cube currency='JPY'", "<Cube currency='JPY' =")),
    (e) => e instanceof RateSourceError && /line 10, column \d+/.test(e.message),
  );
});

Deno.test("parseEcbXml() rejects well-formed documents of another shape", () => {
  rejects("<html><body>Log in</body></html>", /root element is <html>/);
  rejects("<!DOCTYPE html><html></html>", /document type declarations/);
  rejects(wrap("").replace("<Cube></Cube>", ""), /no <Cube> element/);
  rejects(wrap(""), /no day of rates/);
  rejects(wrap(`<Cube time="2024-01-02"></Cube>`), /day 2024-01-02 lists no rates/);
  rejects(wrap(`<Cube time="2024-01-02"/>`), /lists no rates/);
  rejects(wrap(`<Cube><Cube currency="USD" rate="1"/></Cube>`), /without a time attribute/);
  rejects(wrap(`<Cube time="2024-02-30"><Cube currency="USD" rate="1"/></Cube>`), /not a YYYY/);
  rejects(wrap(`<Cube time="02/01/2024"><Cube currency="USD" rate="1"/></Cube>`), /not a YYYY/);
  const usd = `<Cube currency="USD" rate="1.1"/>`;
  rejects(
    wrap(`<Cube time="2024-01-02">${usd}</Cube><Cube time="2024-01-02">${usd}</Cube>`),
    /appears twice/,
  );
  rejects(wrap(`<Cube time="2024-01-02">${usd}${usd}</Cube>`), /USD appears twice/);
  for (const rate of ["", "-1.1", "0", "0.0", "1,1", "1e3", " 1.1", ".5", "1.1234567890123"]) {
    rejects(
      wrap(`<Cube time="2024-01-02"><Cube currency="USD" rate="${rate}"/></Cube>`),
      /is not a valid rate/,
    );
  }
  for (const currency of ["usd", "US", "USDX", ""]) {
    rejects(
      wrap(`<Cube time="2024-01-02"><Cube currency="${currency}" rate="1"/></Cube>`),
      /not a 3-letter code/,
    );
  }
  rejects(wrap(`<Cube time="2024-01-02"><Cube currency="EUR" rate="1"/></Cube>`), /itself/);
  rejects(wrap(`<Cube time="2024-01-02"><Cube rate="1"/></Cube>`), /without currency or rate/);
  rejects(wrap(`<Cube time="2024-01-02"><Rate currency="USD" rate="1"/></Cube>`), /unexpected/);
  rejects(
    wrap(`<Cube time="2024-01-02"><Cube currency="USD" rate="1" note="x"/></Cube>`),
    /unexpected attribute note/,
  );
  rejects(wrap(`<Cube time="2024-01-02">1.1</Cube>`), /unexpected text/);
  rejects(
    wrap(`<Cube time="2024-01-02"><Cube currency="USD" rate="1"><Cube/></Cube></Cube>`),
    /not empty|too deep/,
  );
  rejects(wrap("").replace("<Cube></Cube>", "<Cube></Cube><Cube></Cube>"), /more than one outer/);
});

Deno.test("isIsoDate() accepts real calendar dates only", () => {
  assert.equal(isIsoDate("2024-02-29"), true);
  assert.equal(isIsoDate("2023-02-29"), false);
  assert.equal(isIsoDate("2024-13-01"), false);
  assert.equal(isIsoDate("2024-1-01"), false);
  assert.equal(isIsoDate("2024-01-01T00:00:00Z"), false);
});
