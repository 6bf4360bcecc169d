import type { Detector } from '../types.js';
import { cnPlateDetector } from './cn-plate.js';
import { dateOfBirthDetector } from './date-of-birth.js';
import { emailDetector } from './email.js';
import { networkDetector } from './network.js';
import { numbersDetector } from './numbers.js';
import { passportDetector } from './passport.js';
import { personNameDetector } from './person-name.js';

export { isValidCnId, cnIdCheckChar } from './cn-id-card.js';
export { isValidCardNumber, luhnValid } from './bank-card.js';
export { isValidIban } from './iban.js';
export { isValidUscc, usccCheckChar } from './uscc.js';
export { isValidSsn } from './ssn.js';

/**
 * The personal-data detectors, in the order they run. Everything found from digits shares one
 * pass (resident ID, credit code, IBAN, bank card, mobile, landline, other phones, SSN, and postal
 * addresses, read from their house or road number) and is one detector, pii-numbers.
 */
export const PII_DETECTORS: readonly Detector[] = [
  numbersDetector,
  emailDetector,
  networkDetector,
  passportDetector,
  dateOfBirthDetector,
  cnPlateDetector,
  personNameDetector,
];
