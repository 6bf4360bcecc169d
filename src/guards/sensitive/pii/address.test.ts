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
  ])('finds %j', (text, value) => {
    expect(addresses(text)).toEqual([value]);
  });

  it.each([
    ['a count before capitalised words', 'We hired 12 New Engineers this year.'],
    ['a room number', 'Room 1101, Building 3, open 9 to 5.'],
  ])('ignores %s', (_name, text) => {
    expect(addresses(text)).toEqual([]);
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
    ['地址：山东省青岛市市南区和平里995号', '山东省青岛市市南区和平里995号'],
  ])('finds %j', (text, value) => {
    expect(addresses(text)).toEqual([value]);
  });

  it.each([
    ['subway lines', '第1号线和第2号线在人民广场换乘。'],
    ['a day of the month', '我们3号见'],
    ['a phone number word', '请拨打路由器背面的5号码'],
    ['a bare building number', '3栋的电梯坏了'],
  ])('ignores %s', (_name, text) => {
    expect(addresses(text)).toEqual([]);
  });
});
