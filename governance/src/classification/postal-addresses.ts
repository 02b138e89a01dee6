// Postal addresses: a house number beside a street word ("31085 Nikki Drives",
// "Prinsenstraat 184 I", "Via Iona 72", "al. Dąbek 1/4") or a unit within a building
// ("Suite 451", "m. 213", "3 hoog achter"). Cities, postal codes and countries alone are
// not proposed: they locate many people, not one.
import { nameRule, type Detector } from './detector.js'

/** Street words and suffixes in the languages the demo company sells in. */
const STREET_WORDS = new Set(
  `street st road rd avenue ave av lane ln drive dr drives boulevard blvd way court ct place pl square sq terrace crescent
  close grove gardens park parkway pkwy highway hwy turnpike trail circle loop alley row walk mews hill path wood club
  unions union route rte pike plaza ridge view heights estate estates green meadow meadows junction landing point port
  pass crossing harbor harbour shore shores station summit manor fields springs river valley village vista viaduct
  strasse straße str weg platz allee ring damm ufer gasse chaussee markt
  rue chemin allee allée impasse quai voie passage cours
  calle avenida paseo camino carrera carretera ronda travesia travesía senda bajada quinta caserio caserío urbanizacion urbanización glorieta cuesta
  via viale piazza corso vicolo largo contrada borgo rotonda incrocio strada
  straat gracht laan plein kade singel dijk plantsoen steeg hof
  ul ulica aleja al plac os osiedle rondo skwer droga wybrzeze`
    .split(/\s+/)
    .filter(Boolean),
)
const STREET_SUFFIXES = ['strasse', 'straße', 'str.', 'weg', 'platz', 'allee', 'gasse', 'straat', 'gracht', 'laan', 'plein', 'kade', 'singel', 'dijk', 'plantsoen', 'park']
const UNIT_WORDS = new Set(
  `apt apartment suite ste unit flat floor fl room rm building bldg bld
  og eg dg stock etage zimmer whg wohnung hoog bus
  étage etage appartement appt bat bât batiment bâtiment
  puerta piso esc escalera planta bajo
  piano interno int scala appartamento
  m lok lokal mieszkanie`
    .split(/\s+/)
    .filter(Boolean),
)
const HOUSE_NUMBER = /^(\d{1,6}[a-z]?(\/\d{1,4}[a-z]?)?,?|s\/n\.?)$/i

function words(value: string): string[] {
  return value
    .toLowerCase()
    .split(/[\s,]+/)
    .filter(Boolean)
}

function isStreetWord(word: string): boolean {
  const bare = word.replace(/\.$/, '')
  return STREET_WORDS.has(bare) || STREET_SUFFIXES.some((suffix) => word.length > suffix.length + 2 && word.endsWith(suffix))
}

/** "Maudgracht 570b", "9594 Roberts Grove", "Apt. 118", "9 étage". */
export function isPostalAddress(value: string): boolean {
  if (value.length > 100 || /[@:]/.test(value)) return false
  const parts = words(value)
  if (parts.length < 2 || parts.length > 10 || !parts.some((part) => HOUSE_NUMBER.test(part))) return false
  return parts.some((part) => isStreetWord(part) || UNIT_WORDS.has(part.replace(/\.$/, '')))
}

/** In a column named for addresses: a number among a few words will do. */
function fitsPostalAddress(value: string): boolean {
  const parts = words(value)
  return isPostalAddress(value) || (parts.length >= 2 && parts.length <= 10 && parts.some((part) => /\d/.test(part)) && parts.some((part) => /\p{L}{2,}/u.test(part)))
}

export const postalAddress: Detector = {
  kind: 'postal-address',
  classification: 'pii',
  mask: 'redact',
  noun: 'a postal address',
  name: nameRule(
    [/(^|_)(e_?mail|ip|mac|web|wallet|remote|server|host|url)_addr(ess)?(_line_?\d)?$/, 0],
    [/(^|_)(street|street_address|street_name|house_number|address|addr|postal_address|home_address|billing_address|shipping_address|mailing_address)(_line_?\d)?$/, 0.8],
    [/(^|_)(address_)?line_?\d$/, 0.6],
  ),
  values: { matches: isPostalAddress, fits: fitsPostalAddress, reliability: 0.8, minShare: 0.3, saturation: 0.6, description: 'look like street addresses (a house or unit number beside a street or unit word)' },
}
