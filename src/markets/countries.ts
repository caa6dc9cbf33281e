import { EVERYWHERE, type Market, type MarketSet } from "./market";

/** Every ISO 3166-1 alpha-2 code in use. */
const ALL_COUNTRIES =
  `AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM BN BO
BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CR CU CV CW CX CY CZ DE DJ DK DM DO DZ EC EE
EG EH ER ES ET FI FJ FK FM FO FR GA GB GD GE GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT
HU ID IE IL IM IN IO IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU
LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE NF NG NI NL NO NP NR
NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS RU RW SA SB SC SD SE SG SH SI SJ SK SL SM
SN SO SR SS ST SV SX SY SZ TC TD TF TG TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM US UY UZ VA VC VE VG
VI VN VU WF WS YE YT ZA ZM ZW`.split(/\s+/);

export const isCountry = (code: string) => ALL_COUNTRIES.includes(code);

/** The countries a market ships to: its zones' and its own; every country when a zone goes everywhere. */
export function shippingCountries(set: MarketSet, market: Market): string[] {
  const methods = set.methods[market.id] ?? [];
  if (methods.some((m) => m.countries.includes(EVERYWHERE))) return ALL_COUNTRIES;
  const named = new Set([...market.countries, ...methods.flatMap((m) => m.countries)]);
  return ALL_COUNTRIES.filter((c) => named.has(c));
}

/**
 * How an address is written in a country: what its region is called and whether it is asked,
 * and what its postal code is called locally (a hint beside the field).
 */
export interface AddressForm {
  region: { label: string; required: boolean } | null;
  postalCodeName: string | null;
}

const ADDRESS_FORMS: Record<string, AddressForm> = {
  US: { region: { label: "State", required: true }, postalCodeName: "ZIP code" },
  CA: { region: { label: "Province", required: true }, postalCodeName: null },
  AU: { region: { label: "State or territory", required: true }, postalCodeName: "Postcode" },
  JP: { region: { label: "Prefecture", required: true }, postalCodeName: null },
  GB: { region: { label: "County (optional)", required: false }, postalCodeName: "Postcode" },
  IE: { region: { label: "County", required: true }, postalCodeName: "Eircode" },
  IT: { region: { label: "Province (optional)", required: false }, postalCodeName: "CAP" },
  ES: { region: { label: "Province (optional)", required: false }, postalCodeName: null },
};

/** Most countries need no region: a city and a postal code place an address. */
const PLAIN_ADDRESS: AddressForm = { region: null, postalCodeName: null };

export const addressFormOf = (country: string): AddressForm =>
  ADDRESS_FORMS[country] ?? PLAIN_ADDRESS;

/** A country's name in `locale` ("Germany", "Deutschland"), or its code where none is known. */
export function countryName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: "region" }).of(code) ?? code;
  } catch {
    return code;
  }
}
