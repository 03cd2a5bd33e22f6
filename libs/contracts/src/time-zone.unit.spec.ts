import { firstPartHourOffset, isTimeZone, zonedIso, zoneOffsetMinutes, zoneSpelling } from './time-zone';

describe(zoneOffsetMinutes.name, () => {
  it('reads the offset at an instant, daylight saving included', () => {
    expect(zoneOffsetMinutes('Asia/Bangkok', Date.parse('2021-03-01T00:00:00Z'))).toBe(420);
    expect(zoneOffsetMinutes('UTC', Date.parse('2021-03-01T00:00:00Z'))).toBe(0);
    expect(zoneOffsetMinutes('America/New_York', Date.parse('2021-07-01T00:00:00Z'))).toBe(-240);
    expect(zoneOffsetMinutes('Asia/Kolkata', Date.parse('2021-07-01T00:00:00Z'))).toBe(330);
  });
});

describe(firstPartHourOffset.name, () => {
  it('finds nothing in zones a whole number of hours from UTC', () => {
    expect(firstPartHourOffset('Asia/Bangkok', '2020-10-01', '2021-09-30')).toBeUndefined();
    expect(firstPartHourOffset('Europe/London', '2020-10-01', '2021-09-30')).toBeUndefined();
  });

  it('finds the first part-hour offset, also one that only daylight saving brings', () => {
    expect(firstPartHourOffset('Asia/Kathmandu', '2021-03-01', '2021-03-01')).toMatchObject({ offsetMinutes: 345 });
    // Lord Howe Island is +10:30, and +11 in its summer: a range inside its summer is whole hours, one across its end is not
    expect(firstPartHourOffset('Australia/Lord_Howe', '2021-01-01', '2021-01-31')).toBeUndefined();
    expect(firstPartHourOffset('Australia/Lord_Howe', '2021-03-01', '2021-04-30')).toMatchObject({ offsetMinutes: 630 });
  });
});

describe(zonedIso.name, () => {
  it('writes the wall clock with its offset', () => {
    expect(zonedIso('Asia/Kolkata', Date.parse('2021-03-01T06:00:00Z'))).toBe('2021-03-01T11:30:00+05:30');
    expect(zonedIso('America/New_York', Date.parse('2021-03-01T06:00:00Z'))).toBe('2021-03-01T01:00:00-05:00');
  });
});

describe(zoneSpelling.name, () => {
  it('spells a zone as the tz database does, keeping an alias the caller chose', () => {
    expect(zoneSpelling('asia/bangkok')).toBe('Asia/Bangkok');
    expect(zoneSpelling('utc')).toBe('UTC');
    expect(zoneSpelling('Asia/Kolkata')).toBe('Asia/Kolkata');
  });
});

describe(isTimeZone.name, () => {
  it('knows IANA zones and nothing else', () => {
    expect(isTimeZone('Asia/Bangkok')).toBe(true);
    expect(isTimeZone('Mars/Olympus')).toBe(false);
    expect(isTimeZone("UTC'; DROP TABLE x")).toBe(false);
  });
});
