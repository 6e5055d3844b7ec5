import QRCode from "qrcode";

/** The otpauth URL as an SVG data URL: scales to any screen, no image decoder needed. */
export async function totpQrCode(url: string): Promise<string> {
  const svg = await QRCode.toString(url, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
  return `data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}`;
}
