/**
 * The otpauth URL as an SVG data URL: scales to any screen, no image decoder needed. The QR
 * encoder is loaded by the first enrolment, not at start-up.
 */
export async function totpQrCode(url: string): Promise<string> {
  const { default: QRCode } = await import("qrcode");
  const svg = await QRCode.toString(url, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}
