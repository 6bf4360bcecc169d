import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { PII_DETECTORS } from './index.js';
import { countryCodeLength, isCnMobile, isNanp } from './phone.js';

const find = (text: string) => detectSensitive(text, PII_DETECTORS).map((d) => [d.code, text.slice(d.start, d.end)]);
const PHONE_CODES = new Set(['PII_CN_MOBILE', 'PII_CN_LANDLINE', 'PII_PHONE']);
const phones = (text: string) => find(text).filter(([code]) => PHONE_CODES.has(code!));

describe('number plans', () => {
  it.each([
    ['13800138000', true],
    ['19912345678', true],
    ['14512345678', true],
    ['16612345678', true],
    ['15412345678', false], // 154 is not allocated
    ['12012345678', false],
    ['1380013800', false],
    ['138001380001', false],
  ])('CN mobile %s → %s', (n, ok) => {
    expect(isCnMobile(n)).toBe(ok);
  });

  it.each([
    ['4155550132', true],
    ['2125550199', true],
    ['1155550132', false], // area codes start 2-9
    ['4151550132', false], // exchanges start 2-9
    ['9115550132', false], // N11 is a service code
  ])('NANP %s → %s', (n, ok) => {
    expect(isNanp(n)).toBe(ok);
  });

  it('parses E.164 country codes greedily (the set is prefix-free)', () => {
    expect(countryCodeLength('14155550132')).toBe(1);
    expect(countryCodeLength('442079460958')).toBe(2);
    expect(countryCodeLength('85291234567')).toBe(3);
    expect(countryCodeLength('0123')).toBe(0);
  });
});

describe('phones in text', () => {
  it.each([
    ['手机：138 0013 8000', 'PII_CN_MOBILE', '138 0013 8000'],
    ['手机：138-0013-8000', 'PII_CN_MOBILE', '138-0013-8000'],
    ['手机号码：138 0013-8000', 'PII_CN_MOBILE', '138 0013-8000'],
    ['手机 138.0013.8000', 'PII_CN_MOBILE', '138.0013.8000'],
    ['call +86 138 0013 8000', 'PII_CN_MOBILE', '+86 138 0013 8000'],
    ['mobile: +86-13800138000', 'PII_CN_MOBILE', '+86-13800138000'],
    ['tel 0086 13800138000', 'PII_CN_MOBILE', '0086 13800138000'],
    ['电话(+86)13800138000', 'PII_CN_MOBILE', '13800138000'],
    ['手机：１３９１２３４５６７８', 'PII_CN_MOBILE', '１３９１２３４５６７８'],
    ['手机：1 3 8 0 0 1 3 8 0 0 0', 'PII_CN_MOBILE', '1 3 8 0 0 1 3 8 0 0 0'],
    ['总机021-6888 8888', 'PII_CN_LANDLINE', '021-6888 8888'],
    ['电话：(010)8765 4321', 'PII_CN_LANDLINE', '(010)8765 4321'],
    ['(0755) 8888 6666', 'PII_CN_LANDLINE', '(0755) 8888 6666'],
    ['010-12345678', 'PII_CN_LANDLINE', '010-12345678'],
    // The international prefix 00 written out (blind set 7).
    ['| 0049 89 6491940 | DE |', 'PII_PHONE', '0049 89 6491940'],
    // Japanese and Korean mobiles where the text places itself there (blind set 7); 010 stays Beijing's elsewhere.
    ['| 080-6209-0328 | JP |', 'PII_PHONE', '080-6209-0328'],
    ['Seoul office: 010-2345-6789', 'PII_PHONE', '010-2345-6789'],
    ['北京办公室电话 010-6209-0328', 'PII_CN_LANDLINE', '010-6209-0328'],
    // A room number and then the phone, one space apart (blind set 6): the grouping in fours is no card's.
    ['地址、电话：江南大道41号17号楼1202 0571-50213357', 'PII_CN_LANDLINE', '0571-50213357'],
    ['座机01087654321，工作日', 'PII_CN_LANDLINE', '01087654321'],
    ['请拨打0755-86013388-801转人事部', 'PII_CN_LANDLINE', '0755-86013388-801'],
    ['Tel:+86(755)8888-6666', 'PII_CN_LANDLINE', '+86(755)8888-6666'],
    ['Beijing office: +86 10 6552 9988', 'PII_CN_LANDLINE', '+86 10 6552 9988'],
    ['电话：8888 6666', 'PII_CN_LANDLINE', '8888 6666'],
    ['NYC desk (212) 555-0199 ext. 42', 'PII_PHONE', '(212) 555-0199'],
    ['Phone: 212.555.0199', 'PII_PHONE', '212.555.0199'],
    ['Call +1-212-555-0199 anytime', 'PII_PHONE', '+1-212-555-0199'],
    ['Toll free: 1 (800) 555-0199', 'PII_PHONE', '1 (800) 555-0199'],
    ['+1 (415) 555-0132', 'PII_PHONE', '+1 (415) 555-0132'],
    ['London: +44 (0)20 7946 0958', 'PII_PHONE', '+44 (0)20 7946 0958'],
    ['Tokyo +81-3-1234-5678', 'PII_PHONE', '+81-3-1234-5678'],
    ['WhatsApp: +33 6 12 34 56 78', 'PII_PHONE', '+33 6 12 34 56 78'],
    // National numbers with their trunk 0, grouped as printed abroad, in text with no Chinese.
    ['Ring the surgery on 0161 496 0732 before noon', 'PII_PHONE', '0161 496 0732'],
    ['new number is (03) 9374 4000 from Monday', 'PII_PHONE', '(03) 9374 4000'],
    ['Sipho - brother - 083 412 7756', 'PII_PHONE', '083 412 7756'],
    // Digits a Chinese landline could have too, where the text places them elsewhere.
    ['TEL: 020 7946 0321 (office, Camden NW1 8QL)', 'PII_PHONE', '020 7946 0321'],
    ['Auckland flat: call Mere on 021 449 2957', 'PII_PHONE', '021 449 2957'],
    // More national formats, a country code in brackets, and a foreign number in Chinese text.
    ['Handy: 0152 33419876 (abends)', 'PII_PHONE', '0152 33419876'],
    ['Portable : 06 12 48 93 71', 'PII_PHONE', '06 12 48 93 71'],
    ['林静（台中）0933-118-402', 'PII_PHONE', '0933-118-402'],
    ['王磊（新加坡）(65) 8123 4567', 'PII_PHONE', '(65) 8123 4567'],
    ['邀请人电话：(03) 9374 4000', 'PII_PHONE', '(03) 9374 4000'],
    // A Chinese landline written bare: a field name or Chinese around it says what it is.
    ['{"officeTel": "02867451230"}', 'PII_CN_LANDLINE', '02867451230'],
    ['有事打前台02867451230找我', 'PII_CN_LANDLINE', '02867451230'],
    ['my cell is 4155550132 btw', 'PII_PHONE', '4155550132'],
    ['客服热线400-820-8820', 'PII_PHONE', '400-820-8820'],
  ])('finds %j', (text, code, value) => {
    expect(phones(text)).toEqual([[code, value]]);
  });

  it.each([
    ['a product code glued to letters', 'SKU 138-0013-8000-XL is out of stock'],
    ['a product number', '产品编号：138-0013-8000'],
    ['a part number', 'part number 415-555-0132'],
    ['an amount', '金额：13800138000元'],
    ['a decimal', 'value 0.13800138000'],
    ['a time', 'at 12:30:45 and 23:59:59'],
    ['a date', 'on 2024-03-15 and 03/15/2024'],
    ['a bare 10-digit number without context', 'id 4155550132'],
    ['a unix timestamp', 'created 1700000000, updated 1700000000123'],
    ['a masked number', '138****8000'],
    ['an IPv4 address', 'host 192.168.100.200'],
    ['sums', '138 + 0013 = 151'],
    ['a version', 'version 10.0.19041.1'],
    ['the tail of a grouped tracking code', 'TRACKING # : 1Z M90 KJ3 03 0600 1328'],
    ['part numbers with a series prefix', 'Part no. QX-138-0013-8000 replaced by QX-139-1234-5678; see ECN-7.'],
  ])('ignores %s', (_name, text) => {
    expect(phones(text)).toEqual([]);
  });

  // Numbers with no shape of their own count only right after a phone word; the words are found
  // from the end of the text before the number, in any case, with the suffixes and blanks allowed.
  it.each([
    ['PHONE: 4155550132', [['PII_PHONE', '4155550132']]],
    ['Call Him On 4155550132', [['PII_PHONE', '4155550132']]],
    ['Reach us at 4155550132', [['PII_PHONE', '4155550132']]],
    ['phone no.4155550132', [['PII_PHONE', '4155550132']]],
    ['phone #4155550132', [['PII_PHONE', '4155550132']]],
    ['phone\u3000: 4155550132', [['PII_PHONE', '4155550132']]],
    ['fax\t4155550132', [['PII_PHONE', '4155550132']]],
    ['mobile number is: (4155550132', [['PII_PHONE', '(4155550132']]],
    ['WeChat号码：4155550132', [['PII_PHONE', '4155550132']]],
    ['联系电话是 4155550132', [['PII_PHONE', '4155550132']]],
    ['热线 8888 6666', [['PII_CN_LANDLINE', '8888 6666']]],
    ['text 8888 6666', [['PII_PHONE', '8888 6666']]],
    ['Tel. 4155550132', []],
    ['iPhone 4155550132', []],
    ['her 4155550132', []],
    ['order 4155550132', []],
    ['extension 8888 6666', []],
  ])('reads the phone word right before %j', (text, expected) => {
    expect(phones(text)).toEqual(expected);
  });

  it('weighs the context word nearest the number: a phone word after an order word wins, and the reverse', () => {
    expect(phones('order 5 shipped, call 13800138000')).toEqual([['PII_CN_MOBILE', '13800138000']]);
    expect(phones('call about order 13800138000')).toEqual([]);
    expect(phones('订单问题请致电13800138000')).toEqual([['PII_CN_MOBILE', '13800138000']]);
    expect(phones('致电查询订单13800138000')).toEqual([]);
  });

  it('reads the number plans in place after a country prefix', () => {
    expect(isCnMobile('8613800138000', 2)).toBe(true);
    expect(isCnMobile('008613800138000', 4)).toBe(true);
    expect(isCnMobile('861380013800', 2)).toBe(false);
    expect(isNanp('14155550132', 1)).toBe(true);
    expect(isNanp('11155550132', 1)).toBe(false);
  });

  it('an e-mail whose local part is a mobile number is an e-mail', () => {
    expect(find('发到13800138000@163.com就行')).toEqual([['PII_EMAIL', '13800138000@163.com']]);
  });
});
