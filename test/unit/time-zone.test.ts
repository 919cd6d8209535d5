/** MySQL time zones: both spellings accepted; ours/the SDK's for inputs and CreateDBCluster, the parameter's for ModifyDBClusterParameters. */
import { canonicalTimeZone, isTimeZone, parameterTimeZone } from "../../resources/time-zone";

test.each([
  ["+8:00", "+08:00", "+8:00"], ["+08:00", "+08:00", "+8:00"], ["08:00", "+08:00", "+8:00"], ["-9:00", "-09:00", "-9:00"],
  ["-12:00", "-12:00", "-12:00"], ["+13:00", "+13:00", "+13:00"], ["+0:00", "+00:00", "+0:00"], ["00:00", "+00:00", "+0:00"],
  ["-0:00", "+00:00", "+0:00"], ["SYSTEM", "SYSTEM", "SYSTEM"],
])("%s reads as %s and is sent to the parameter as %s", (given, ours, parameter) => {
  expect(isTimeZone(given)).toBe(true);
  expect(canonicalTimeZone(given)).toBe(ours);
  expect(parameterTimeZone(given)).toBe(parameter);
  expect(canonicalTimeZone(parameterTimeZone(given))).toBe(ours); // the round trip through the cloud is quiet
});

test.each(["+14:00", "-13:00", "+8:30", "8:00:00", "UTC", "system", "", "+100:00"])("%j is not a time zone the cloud takes, and is left as it is", (v) => {
  expect(isTimeZone(v)).toBe(false);
  expect(canonicalTimeZone(v)).toBe(v);
});
