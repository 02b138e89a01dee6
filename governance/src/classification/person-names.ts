// Personal names. A column is a column of people's names when its name says so
// (`first_name`, `payer_name`, `cardholder`) or when its values are shaped like names
// ("Finn de Groot": capitalised words, no digits, no company suffix) and many begin with
// a common given name. That second test keeps "Ergonomic Steel Chair" and "Russel -
// Ritchie" (a company) out.
import { nameRule, type Detector } from './detector.js'
import { GIVEN_NAMES } from './given-names.js'

const TITLES = new Set(['mr', 'mrs', 'ms', 'miss', 'mx', 'dr', 'prof', 'sir', 'herr', 'frau', 'mme', 'mlle', 'sr', 'sra', 'srta', 'sig', 'sig.ra', 'pan', 'pani', 'dhr', 'mevr'])
const PARTICLES = new Set(['de', 'van', 'der', 'den', 'von', 'zu', 'di', 'da', 'del', 'della', 'la', 'le', 'du', 'des', 'dos', 'das', 'do', 'ter', 'ten', 'y', 'bin', 'al', "d'"])
const NOT_PEOPLE = new Set(['llc', 'inc', 'ltd', 'gmbh', 'ag', 'kg', 'sa', 'sas', 'sarl', 'spa', 'srl', 'bv', 'nv', 'plc', 'co', 'corp', 'company', 'group', 'and', 'und', 'et', 'e', '&'])
const WORD = /^\p{Lu}[\p{L}'’.-]*$/u

function plain(word: string): string {
  return word.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase()
}

/** The words of a value shaped like a personal name, its title dropped; undefined when it is not shaped so. */
function nameWords(value: string): { words: string[]; titled: boolean } | undefined {
  const words = value.split(/\s+/).filter(Boolean)
  const titled = words.length > 1 && TITLES.has(plain(words[0] as string).replace(/\.$/, ''))
  const rest = titled ? words.slice(1) : words
  if (rest.length === 0 || rest.length > 5) return undefined
  for (const word of rest) {
    const lower = plain(word)
    if (NOT_PEOPLE.has(lower.replace(/[.,]$/, ''))) return undefined
    if (!PARTICLES.has(lower) && !WORD.test(word)) return undefined
  }
  return { words: rest, titled }
}

/** "Finn de Groot", "Dr. Anna Kowalska": two to five words, a title or a common given name first. */
export function isPersonName(value: string): boolean {
  const shaped = nameWords(value)
  if (!shaped || shaped.words.length < 2) return false
  return shaped.titled || GIVEN_NAMES.has(plain(shaped.words[0] as string).split('-')[0] as string)
}

export const personName: Detector = {
  kind: 'person-name',
  classification: 'pii',
  mask: 'redact',
  noun: "a person's name",
  name: nameRule(
    [/(^|_)(first|last|full|given|family|middle|maiden|birth|sur|fore)_?name$/, 0.85],
    [/(^|_)(surname|forename|cardholder|cardholder_name|card_holder(_name)?|account_holder(_name)?)$/, 0.85],
    [/(^|_)(payer|payee|contact|customer|client|recipient|sender|person|employee|user|patient|owner|buyer|driver|member|passenger|guest|beneficiary|holder|signatory|student|parent|spouse|applicant)_name$/, 0.8],
  ),
  values: {
    matches: isPersonName,
    // Surnames alone (`last_name`) or given names alone fit a column named for them.
    fits: (value) => nameWords(value) !== undefined,
    reliability: 0.85,
    // A compact list knows only some given names; a column shaped like names throughout
    // with one in six or more on the list is a column of names. Product names have none.
    minShare: 0.15,
    saturation: 0.35,
    minFitShare: 0.8,
    description: 'look like personal names (a title or a common given name, then capitalised words)',
  },
}
