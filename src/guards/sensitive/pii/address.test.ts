import { describe, expect, it } from 'vitest';
import { detectSensitive } from '../detect.js';
import { PII_DETECTORS } from './index.js';

const addresses = (text: string) =>
  detectSensitive(text, PII_DETECTORS)
    .filter((d) => d.code === 'PII_ADDRESS')
    .map((d) => text.slice(d.start, d.end));

describe('English addresses', () => {
  it.each([
    ['I live at 1600 Amphitheatre Parkway, Mountain View, CA 94043.', '1600 Amphitheatre Parkway, Mountain View, CA 94043'],
    ['Visit us at 350 5th Avenue, New York, NY 10118.', '350 5th Avenue, New York, NY 10118'],
    ['Ship to 123 Main St, Springfield, IL 62704', '123 Main St, Springfield, IL 62704'],
    ['1600 Pennsylvania Avenue NW, Washington, DC 20500', '1600 Pennsylvania Avenue NW, Washington, DC 20500'],
    ['Ship to 221B Baker Street, London', '221B Baker Street, London'],
    ['Office: 55 Old Farm Road, Apt 4B, Austin, TX 78701', '55 Old Farm Road, Apt 4B, Austin, TX 78701'],
    // The locality after the street: district, city, region, postcode and country, comma by comma.
    ['Send it to 48 King Street East, Hamilton, ON L8N 1A9.', '48 King Street East, Hamilton, ON L8N 1A9'],
    ['Plant: No. 7 Huancheng Road, Yuhang District, Hangzhou, Zhejiang 311100, China', 'No. 7 Huancheng Road, Yuhang District, Hangzhou, Zhejiang 311100, China'],
    // Units, floors and building names before the house number.
    ['Deliver to Apartment 3, 12 Rosewood Close, Bath BA1 2QD.', 'Apartment 3, 12 Rosewood Close, Bath BA1 2QD'],
    ['Office: Room 1502, 15/F, Golden Harvest Building, 88 Nathan Road, Tsim Sha Tsui, Hong Kong', 'Room 1502, 15/F, Golden Harvest Building, 88 Nathan Road, Tsim Sha Tsui, Hong Kong'],
    ['Blk 23 Jurong West Street 91, #05-12, Singapore 640023', 'Blk 23 Jurong West Street 91, #05-12, Singapore 640023'],
    // The city line under the street line.
    ['Invoice to:\n4120 Maple Ridge Dr\nColumbus, OH 43215\nThanks', '4120 Maple Ridge Dr\nColumbus, OH 43215'],
    // Continental order: street, then number, then postcode and town.
    ['Rechnung an: Kastanienweg 17, 80331 München', 'Kastanienweg 17, 80331 München'],
    ['Keizersgracht 123, 1015 CJ Amsterdam', 'Keizersgracht 123, 1015 CJ Amsterdam'],
    ['Envoyez-le au 12 rue des Lilas, 75011 Paris.', '12 rue des Lilas, 75011 Paris'],
    ['Sede: Via Garibaldi 45, 20121 Milano', 'Via Garibaldi 45, 20121 Milano'],
    // A unit before a slash, Australian street abbreviations, capitals, a street named alone.
    ['Deliver to 7/88 Marine Pde, Coogee NSW 2034.', '7/88 Marine Pde, Coogee NSW 2034'],
    ['Premises: 12 Orchid Tce, TOOWONG QLD 4066', '12 Orchid Tce, TOOWONG QLD 4066'],
    ['SHIP TO:\n  41 KILN LANE, BATH BA2 4QF', '41 KILN LANE, BATH BA2 4QF'],
    ['Office: 1180 Broadway, Vancouver, BC V6H 1G5', '1180 Broadway, Vancouver, BC V6H 1G5'],
    // A house number on the line under a phone number.
    ['+1-415-555-0132\n88 Fern Hollow Rd, Austin, TX 78701', '88 Fern Hollow Rd, Austin, TX 78701'],
    // Inside a sentence, ending at the postcode; a unit word before a slash; a numbered avenue.
    ['She will sit at our Unit 12/40 Pitt St, Sydney NSW 2000 office from May.', 'Unit 12/40 Pitt St, Sydney NSW 2000'],
    ['The lease of 9 Rowan Close, Bristol BS8 1TH commences in March.', '9 Rowan Close, Bristol BS8 1TH'],
    ['Clinic: 315 7 Ave SW, Calgary, AB T2P 0Z7.', '315 7 Ave SW, Calgary, AB T2P 0Z7'],
    ['Bureau : 1250 Boul. René-Lévesque O, Montréal, QC H3B 4W8', '1250 Boul. René-Lévesque O, Montréal, QC H3B 4W8'],
  ])('finds %j', (text, value) => {
    expect(addresses(text)).toEqual([value]);
  });

  it.each([
    ['a count before capitalised words', 'We hired 12 New Engineers this year.'],
    ['a room number', 'Room 1101, Building 3, open 9 to 5.'],
    ['a season and a year', 'The Spring 2024 release shipped late.'],
    ['a street word without a postcode', 'Send it Via Email 3 times a day.'],
    ['a French-looking phrase without a postcode', 'We bought 2 place Settings for the party.'],
  ])('ignores %s', (_name, text) => {
    expect(addresses(text)).toEqual([]);
  });
});

describe('English address boundaries', () => {
  it('stops before a sentence that follows the street', () => {
    expect(addresses('Ship to 12 Oak Street, Please call first.')).toEqual(['12 Oak Street']);
  });
  it('does not take a line that is no city line', () => {
    expect(addresses('4120 Maple Ridge Dr\nPaid with card on 3 May')).toEqual(['4120 Maple Ridge Dr']);
  });
});

describe('Chinese addresses', () => {
  it.each([
    ['地址：北京市朝阳区建国路88号3号楼2单元501室', '北京市朝阳区建国路88号3号楼2单元501室'],
    ['公司地址：上海市浦东新区世纪大道100号', '上海市浦东新区世纪大道100号'],
    ['寄到广州市天河区花城大道85号3栋1203室，谢谢', '广州市天河区花城大道85号3栋1203室'],
    ['我住在朝阳区和平里5号', '朝阳区和平里5号'],
    ['送到人民路8号', '人民路8号'],
    ['北京市海淀区中关村大街27号', '北京市海淀区中关村大街27号'],
    ['住云南省曲靖市会泽县娜姑镇白雾村3组17号', '云南省曲靖市会泽县娜姑镇白雾村3组17号'],
    ['地址：山东省青岛市市南区和平里995号', '山东省青岛市市南区和平里995号'],
  ])('finds %j', (text, value) => {
    expect(addresses(text)).toEqual([value]);
  });

  it.each([
    ['subway lines', '第1号线和第2号线在人民广场换乘。'],
    ['a day of the month', '我们3号见'],
    ['a phone number word', '请拨打路由器背面的5号码'],
    ['a bare building number', '3栋的电梯坏了'],
    ['a group and a contestant number', '第5组38号选手上场'],
  ])('ignores %s', (_name, text) => {
    expect(addresses(text)).toEqual([]);
  });
});
