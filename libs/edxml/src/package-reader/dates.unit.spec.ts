import { isCalendarDate, readDate, readTimestamp } from './dates';

describe('dates', () => {
  it('keeps yyyy/MM/dd as written', () => {
    expect(readDate('2019/04/11')).toEqual({ value: '2019/04/11' });
    expect(readDate('2024/02/29')).toEqual({ value: '2024/02/29' });
  });

  it('normalises dd/MM/yyyy and yyyy-MM-dd and records the original', () => {
    expect(readDate('30/10/2020')).toEqual({ value: '2020/10/30', normalisedFrom: '30/10/2020' });
    expect(readDate('1/2/2021')).toEqual({ value: '2021/02/01', normalisedFrom: '1/2/2021' });
    expect(readDate('2021-03-04')).toEqual({ value: '2021/03/04', normalisedFrom: '2021-03-04' });
  });

  it('rejects dates that do not exist and text that is no date', () => {
    for (const raw of ['2014/02/30', '2023/02/29', '2020/13/01', '31/04/2020', '2020/1/1', 'hôm nay', '']) {
      expect(readDate(raw)).toBeUndefined();
    }
    expect(isCalendarDate(2000, 2, 29)).toBe(true);
    expect(isCalendarDate(1900, 2, 29)).toBe(false);
  });

  it('reads timestamps yyyy/MM/dd HH:mm:ss and normalises a day-first date part', () => {
    expect(readTimestamp('2018/09/28 17:25:11')).toEqual({ value: '2018/09/28 17:25:11' });
    expect(readTimestamp('28/09/2018 17:25:11')).toEqual({
      value: '2018/09/28 17:25:11',
      normalisedFrom: '28/09/2018 17:25:11',
    });
    for (const raw of ['2018/09/28', '2018/09/28 24:00:00', '2018/09/28 12:60:00', '2018/02/30 10:00:00']) {
      expect(readTimestamp(raw)).toBeUndefined();
    }
  });
});
