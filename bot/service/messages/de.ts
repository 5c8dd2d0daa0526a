/**
 * The bot's replies in German (`/lang de`).
 *
 * @module
 */
import type { Messages } from "../messages.ts";

/** Every reply, in German. */
export const de: Messages = {
  help: [
    'Sag, was du ausgegeben hast: "50 € für Essen", "Taxi 12,50 gestern mit Bob", "Bob 20 gezahlt".',
    "/start CODE — dein Kopek-Konto verknüpfen (den Code gibt es in der App)",
    "/groups — deine Gruppen; /use NAME — die Gruppe dieses Chats",
    "/add TEXT — Ausgabe erfassen; /balance — wer schuldet wem; /settle — ausgleichen",
    "/undo — letzten Eintrag stornieren; /lang en|es|de|fr|pt; /mute, /unmute — Benachrichtigungen",
  ].join("\n"),
  hello: "Hallo! Hol dir in der Kopek-App einen Code und sende /start CODE.",
  linkFirst:
    "Verknüpfe zuerst dein Kopek-Konto: hol dir einen Code in der App und sende /start CODE.",
  linked: (name) => `Mit dem Kopek-Konto von ${name} verknüpft.`,
  codeUnknown: "Diesen Code gibt es nicht.",
  codeUsed: "Dieser Code wurde schon benutzt, oder dieses Telegram-Konto ist anderswo verknüpft.",
  codeExpired: "Dieser Code ist abgelaufen: hol dir einen neuen in der App.",
  linkFailed: "Verknüpfen fehlgeschlagen; bitte später noch einmal.",
  noGroup: "Du hast noch keine Gruppe: leg eine in der App an.",
  whichGroup: (names) => `Welche Gruppe? Sende /use NAME (${names}).`,
  notMember: (group) => `Du bist kein aktives Mitglied von ${group}.`,
  noSuchGroup: (name, names) => `Keine eindeutige Gruppe "${name}". Deine Gruppen: ${names}.`,
  chatUses: (group) => `Dieser Chat bucht jetzt in ${group}.`,
  unknownCommand: "Diesen Befehl kenne ich nicht.",
  notUnderstood: (reason) =>
    `Das habe ich nicht verstanden (${reason}). Anders gesagt, z. B. "50 € für Essen"?`,
  recorded: (what) => `Erfasst: ${what}.`,
  forWhat: (d) => ` für ${d}`,
  paidBy: (name) => `bezahlt von ${name}`,
  splitBetween: (names) => `gleich geteilt zwischen ${names}`,
  everyone: "alle",
  alone: (name) => `nur für ${name}`,
  today: "heute",
  defaults: (list) => `Standardwerte: ${list}.`,
  defaultCurrency: (c) => `Währung ${c} (die der Gruppe)`,
  defaultDate: "Datum heute",
  defaultSplit: "auf alle geteilt",
  settlementRecorded: (from, to, amount) => `Erfasst: ${from} hat ${to} ${amount} gezahlt.`,
  payment: (from, to, amount) => `${from} hat ${to} ${amount} gezahlt`,
  undone: "Rückgängig: dein letzter Eintrag ist storniert.",
  nothingToUndo: "Nichts rückgängig zu machen: du hast in diesem Chat nichts über mich erfasst.",
  changedSince: "Dieser Eintrag hat sich geändert (oder ist weg): öffne ihn in der App.",
  unreachableRetrying:
    "Kopek ist gerade nicht erreichbar; ich versuche es weiter. Noch nicht gespeichert.",
  notSaved:
    "Nicht gespeichert: Kopek ist weiter nicht erreichbar. Bitte später noch einmal senden.",
  refused: "Kopek konnte das gerade nicht; nichts wurde erfasst. Bitte noch einmal.",
  whichAmount: "Ich sehe mehr als einen Betrag. Welcher ist die Summe?",
  whoIs: (name) => `Wer ist "${name}"?`,
  whichMember: (name) => `Welche(r) "${name}"?`,
  memberChoice: (name, place, isSender) => `${name} (${isSender ? "du" : place})`,
  memberGone: (name, group) =>
    `${name} ist kein aktives Mitglied von ${group} mehr: nichts wurde erfasst.`,
  dropName: (name) => `Niemand ("${name}" weglassen)`,
  whatRole: (name) => `Was ist mit ${name}?`,
  rolePaid: (name) => `${name} hat bezahlt`,
  roleShares: (name) => `Geteilt mit ${name}`,
  roleFor: (name) => `Nur für ${name}`,
  questionGone: "Diese Frage ist abgelaufen: bitte sende die Nachricht noch einmal.",
  editPrompt: "Sende die korrigierte Nachricht, und ich ersetze die Ausgabe damit.",
  amended: (what) => `Geändert zu ${what}.`,
  balancesIn: (group) => `Salden in ${group}:`,
  settledUp: "Alle sind quitt.",
  pays: (from, to, amount) => `${from} zahlt ${to} ${amount}`,
  settlePlan: (group) =>
    `Ausgleich in ${group} (tippe eine Überweisung an, wenn sie erledigt ist):`,
  settleButton: (from, to, amount) => `${from} → ${to} ${amount}`,
  langSet: "Ich antworte auf Deutsch.",
  langUsage: "Sende /lang en, /lang es, /lang de, /lang fr oder /lang pt.",
  muted: "Stumm: ich benachrichtige dich nicht über Ausgaben anderer.",
  unmuted: "Benachrichtigungen an: ich melde Ausgaben, die dich betreffen.",
  notified: (author, group, what) => `${author} hat in ${group} erfasst: ${what}.`,
  undoButton: "Rückgängig",
  editButton: "Bearbeiten",
  modelGuess: (what) =>
    `Meintest du: ${what}? (Vermutung eines Sprachmodells: nichts wird erfasst, bevor du bestätigst.)`,
  confirmButton: "Erfassen",
  cancelButton: "Abbrechen",
  cancelled: "Abgebrochen: nichts wurde erfasst.",
  receiptAttached: (what) => `Beleg angehängt an ${what}.`,
  receiptNoExpense:
    "Zu welcher Ausgabe gehört dieser Beleg? Sende ihn bis 10 Minuten nach der Ausgabe oder als Antwort darauf.",
  receiptTooLarge: "Diese Datei ist größer als 10 MiB: nichts wurde angehängt.",
  receiptUnsupported: "Diese Datei ist kein JPEG, PNG, WebP oder PDF: nichts wurde angehängt.",
  receiptImageTooLarge: "Dieses Bild hat mehr als 50 Millionen Pixel: nichts wurde angehängt.",
  receiptForbidden: "Du darfst in dieser Gruppe keine Belege hinzufügen: nichts wurde angehängt.",
  receiptLimit:
    "Diese Ausgabe hat schon 10 Anhänge, oder die Gruppe hat keinen Platz mehr: nichts wurde angehängt.",
  receiptExpenseGone:
    "Diese Ausgabe gibt es nicht mehr (rückgängig oder gelöscht): nichts wurde angehängt.",
  thatExpense: "diese Ausgabe",
};
