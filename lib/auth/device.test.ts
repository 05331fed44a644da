import { describe, expect, it } from "vitest";
import { deviceLabel } from "./device-label";
import { DEVICE_TOKEN_DAYS, issueDeviceToken, readDeviceToken } from "./device-trust";

describe("deviceLabel", () => {
  it.each([
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36", "Chrome 156 on Linux"],
    ["Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.8078.108 Safari/537.36", "Chromium 156 on Linux"],
    ["Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15", "Safari 17 on macOS"],
    ["Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0", "Firefox 128 on Windows"],
    [
      "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.2592.87",
      "Edge 126 on Windows",
    ],
    [
      "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1",
      "Safari 17 on iOS",
    ],
    ["curl/8.5.0", "curl 8"],
    ["", "Unknown device"],
    [null, "Unknown device"],
    ["something odd", "Unknown browser"],
  ])("%j → %s", (ua, label) => {
    expect(deviceLabel(ua)).toBe(label);
  });
});

describe("device tokens", () => {
  const key = "k".repeat(43);
  const at = Date.UTC(2030, 0, 1);

  it("reads back what it issued, for the same key only, and keeps the device id when refreshed", () => {
    const token = issueDeviceToken(key, "usr_abc", at);
    const read = readDeviceToken(key, token, at + 1000);
    expect(read).toMatchObject({ userId: "usr_abc", issuedAt: at / 1000 });
    expect(readDeviceToken("x".repeat(43), token, at)).toBeNull();
    const refreshed = issueDeviceToken(key, "usr_abc", at + 5000, read!.deviceId);
    expect(readDeviceToken(key, refreshed, at + 5000)?.deviceId).toBe(read!.deviceId);
  });

  it("refuses altered, expired, future and malformed tokens", () => {
    const token = issueDeviceToken(key, "usr_abc", at);
    const parts = token.split(".");
    const otherUser = [parts[0], Buffer.from("usr_zzz").toString("base64url"), ...parts.slice(2)].join(".");
    expect(readDeviceToken(key, otherUser, at)).toBeNull();
    expect(readDeviceToken(key, token, at + (DEVICE_TOKEN_DAYS + 1) * 86_400_000)).toBeNull();
    expect(readDeviceToken(key, token, at - 3_600_000)).toBeNull();
    for (const junk of [undefined, null, "", "d1", "d1.a.b.c.d", "x".repeat(400)]) expect(readDeviceToken(key, junk, at)).toBeNull();
  });
});
