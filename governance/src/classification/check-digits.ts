// The check-digit algorithms that tell a real identifier from a number of the same shape:
// Luhn for card numbers, ISO 7064 mod 97-10 for IBANs, and the national ones.

/** Luhn (ISO/IEC 7812-1): every second digit from the right doubled; the sum ends in 0. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false
  let sum = 0
  for (let index = 0; index < digits.length; index++) {
    let digit = digits.charCodeAt(digits.length - 1 - index) - 48
    if (index % 2 === 1) {
      digit *= 2
      if (digit > 9) digit -= 9
    }
    sum += digit
  }
  return sum % 10 === 0
}

/** ISO 7064 mod 97-10 of a string of digits and capital letters (A = 10 ... Z = 35). */
export function mod97(text: string): number {
  let remainder = 0
  for (const char of text) {
    const code = char.charCodeAt(0)
    const value = code >= 65 ? code - 55 : code - 48
    remainder = value > 9 ? (remainder * 100 + value) % 97 : (remainder * 10 + value) % 97
  }
  return remainder
}

/** Weighted digit sum modulo `modulus`, as most national identifiers check themselves. */
export function weightedSum(digits: string, weights: readonly number[], modulus: number): number {
  let sum = 0
  weights.forEach((weight, index) => (sum += (digits.charCodeAt(index) - 48) * weight))
  return ((sum % modulus) + modulus) % modulus
}
