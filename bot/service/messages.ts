/**
 * The bot's replies in English, Spanish and German (`/lang en|es|de`, kept
 * per Telegram user). One catalogue per language with the same keys, checked
 * by the compiler: a reply missing in one language does not build.
 *
 * @module
 */

/** The languages the bot replies in. */
export type Lang = "en" | "es" | "de";

/** The languages, for `/lang`. */
export const LANGS: readonly Lang[] = ["en", "es", "de"];

/** Every reply the bot writes, by key. */
export interface Messages {
  help: string;
  hello: string;
  linkFirst: string;
  linked: (name: string) => string;
  codeUnknown: string;
  codeUsed: string;
  codeExpired: string;
  linkFailed: string;
  noGroup: string;
  whichGroup: (names: string) => string;
  notMember: (group: string) => string;
  noSuchGroup: (name: string, names: string) => string;
  chatUses: (group: string) => string;
  unknownCommand: string;
  notUnderstood: (reason: string) => string;
  recorded: (what: string) => string;
  forWhat: (description: string) => string;
  paidBy: (name: string) => string;
  splitBetween: (names: string) => string;
  everyone: string;
  alone: (name: string) => string;
  today: string;
  defaults: (list: string) => string;
  defaultCurrency: (currency: string) => string;
  defaultDate: string;
  defaultSplit: string;
  settlementRecorded: (from: string, to: string, amount: string) => string;
  /** A payment as others are told of it: who paid whom how much (no closing stop). */
  payment: (from: string, to: string, amount: string) => string;
  undone: string;
  nothingToUndo: string;
  changedSince: string;
  unreachableRetrying: string;
  notSaved: string;
  refused: string;
  whichAmount: string;
  whoIs: (name: string) => string;
  /** Two or more active members have this name: which one? */
  whichMember: (name: string) => string;
  /** A button for one of them: the name and its place among them (the sender is "you"). */
  memberChoice: (name: string, place: number, isSender: boolean) => string;
  /** A member the message or the plan named has left the group (or was renamed) since. */
  memberGone: (name: string, group: string) => string;
  dropName: (name: string) => string;
  whatRole: (name: string) => string;
  rolePaid: (name: string) => string;
  roleShares: (name: string) => string;
  roleFor: (name: string) => string;
  questionGone: string;
  editPrompt: string;
  amended: (what: string) => string;
  balancesIn: (group: string) => string;
  settledUp: string;
  pays: (from: string, to: string, amount: string) => string;
  settlePlan: (group: string) => string;
  settleButton: (from: string, to: string, amount: string) => string;
  langSet: string;
  langUsage: string;
  muted: string;
  unmuted: string;
  notified: (author: string, group: string, what: string) => string;
  undoButton: string;
  editButton: string;
  /** The language model's reading of a text the rules could not read, asked back (ADR 0068). */
  modelGuess: (what: string) => string;
  confirmButton: string;
  cancelButton: string;
  cancelled: string;
  /** A receipt (photo or file) attached to an expense. */
  receiptAttached: (what: string) => string;
  /** A receipt with no expense to attach to. */
  receiptNoExpense: string;
  receiptTooLarge: string;
  receiptUnsupported: string;
  receiptImageTooLarge: string;
  receiptForbidden: string;
  receiptLimit: string;
  receiptExpenseGone: string;
  /** The expense a receipt went to, when the bot does not know its words. */
  thatExpense: string;
}

const en: Messages = {
  help: [
    'Say what you spent: "Add $50 for food", "taxi 12.50 yesterday split with Bob", "paid Bob 20".',
    "/start CODE — link your Kopek account (get the code in the app)",
    "/groups — your groups; /use NAME — the group this chat records into",
    "/add TEXT — record an expense; /balance — who owes whom; /settle — record the transfers",
    "/undo — void your last entry here; /lang en|es|de; /mute, /unmute — notifications",
  ].join("\n"),
  hello: "Hello! Get a link code in the Kopek app and send /start CODE.",
  linkFirst: "Link your Kopek account first: get a code in the app and send /start CODE.",
  linked: (name) => `Linked to ${name}'s Kopek account.`,
  codeUnknown: "That code is unknown.",
  codeUsed: "That code was used already, or this Telegram account is linked elsewhere.",
  codeExpired: "That code has expired: get a new one in the app.",
  linkFailed: "Linking failed; please try again later.",
  noGroup: "You have no group yet: create one in the app.",
  whichGroup: (names) => `Which group? Send /use NAME (${names}).`,
  notMember: (group) => `You are not an active member of ${group}.`,
  noSuchGroup: (name, names) => `No single group named "${name}". Your groups: ${names}.`,
  chatUses: (group) => `This chat now records into ${group}.`,
  unknownCommand: "I do not know that command.",
  notUnderstood: (reason) =>
    `I did not understand that (${reason}). Could you rephrase, e.g. "Add $50 for food"?`,
  recorded: (what) => `Recorded ${what}.`,
  forWhat: (d) => ` for ${d}`,
  paidBy: (name) => `paid by ${name}`,
  splitBetween: (names) => `split equally between ${names}`,
  everyone: "everyone",
  alone: (name) => `for ${name} alone`,
  today: "today",
  defaults: (list) => `Defaults applied: ${list}.`,
  defaultCurrency: (c) => `currency ${c} (the group's)`,
  defaultDate: "date today",
  defaultSplit: "split between everyone",
  settlementRecorded: (from, to, amount) => `Recorded: ${from} paid ${to} ${amount}.`,
  payment: (from, to, amount) => `${from} paid ${to} ${amount}`,
  undone: "Undone: your last entry is voided.",
  nothingToUndo: "Nothing to undo: you have recorded nothing through me in this chat.",
  changedSince: "That entry changed (or is gone) since: open it in the app.",
  unreachableRetrying: "Kopek is unreachable right now; I'll retry. Not saved yet.",
  notSaved: "Not saved: Kopek is still unreachable. Please send it again later.",
  refused: "Kopek could not do that right now; nothing was recorded. Please try again.",
  whichAmount: "I see more than one amount. Which one is the total?",
  whoIs: (name) => `Who is "${name}"?`,
  whichMember: (name) => `Which "${name}"?`,
  memberChoice: (name, place, isSender) => `${name} (${isSender ? "you" : place})`,
  memberGone: (name, group) =>
    `${name} is no longer an active member of ${group}: nothing was recorded.`,
  dropName: (name) => `Nobody (drop "${name}")`,
  whatRole: (name) => `What about ${name}?`,
  rolePaid: (name) => `${name} paid`,
  roleShares: (name) => `Split with ${name}`,
  roleFor: (name) => `Only for ${name}`,
  questionGone: "That question has expired: please send the message again.",
  editPrompt: "Send the corrected message and I will replace that expense with it.",
  amended: (what) => `Changed to ${what}.`,
  balancesIn: (group) => `Balances in ${group}:`,
  settledUp: "Everyone is settled up.",
  pays: (from, to, amount) => `${from} pays ${to} ${amount}`,
  settlePlan: (group) => `To settle up in ${group} (tap a transfer once it is done):`,
  settleButton: (from, to, amount) => `${from} → ${to} ${amount}`,
  langSet: "I will reply in English.",
  langUsage: "Send /lang en, /lang es or /lang de.",
  muted: "Muted: I will not tell you about others' expenses.",
  unmuted: "Unmuted: I will tell you about expenses that involve you.",
  notified: (author, group, what) => `${author} recorded in ${group}: ${what}.`,
  undoButton: "Undo",
  editButton: "Edit",
  modelGuess: (what) =>
    `Did you mean: ${what}? (A guess by a language model: nothing is recorded until you confirm.)`,
  confirmButton: "Record it",
  cancelButton: "Cancel",
  cancelled: "Cancelled: nothing was recorded.",
  receiptAttached: (what) => `Receipt attached to ${what}.`,
  receiptNoExpense:
    "Which expense is this receipt for? Send it within 10 minutes of recording the expense, or as a reply to it.",
  receiptTooLarge: "That file is larger than 10 MiB: nothing was attached.",
  receiptUnsupported: "That file is not a JPEG, PNG, WebP or PDF: nothing was attached.",
  receiptImageTooLarge: "That image has more than 50 million pixels: nothing was attached.",
  receiptForbidden: "You may not add receipts in that group: nothing was attached.",
  receiptLimit:
    "That expense has 10 attachments already, or the group has no room left: nothing was attached.",
  receiptExpenseGone: "That expense is gone (undone or deleted): nothing was attached.",
  thatExpense: "that expense",
};

const es: Messages = {
  help: [
    'Di lo que gastaste: "Añade 50 € de comida", "taxi 12,50 ayer con Bob", "pagué a Bob 20".',
    "/start CÓDIGO — vincula tu cuenta de Kopek (el código está en la app)",
    "/groups — tus grupos; /use NOMBRE — el grupo de este chat",
    "/add TEXTO — registra un gasto; /balance — quién debe a quién; /settle — saldar",
    "/undo — anula tu última entrada aquí; /lang en|es|de; /mute, /unmute — avisos",
  ].join("\n"),
  hello: "¡Hola! Pide un código de vinculación en la app de Kopek y envía /start CÓDIGO.",
  linkFirst: "Primero vincula tu cuenta de Kopek: pide un código en la app y envía /start CÓDIGO.",
  linked: (name) => `Vinculado a la cuenta de Kopek de ${name}.`,
  codeUnknown: "Ese código no existe.",
  codeUsed: "Ese código ya se usó, o esta cuenta de Telegram está vinculada a otra.",
  codeExpired: "Ese código caducó: pide uno nuevo en la app.",
  linkFailed: "No se pudo vincular; inténtalo más tarde.",
  noGroup: "Aún no tienes grupos: crea uno en la app.",
  whichGroup: (names) => `¿Qué grupo? Envía /use NOMBRE (${names}).`,
  notMember: (group) => `No eres miembro activo de ${group}.`,
  noSuchGroup: (name, names) => `No hay un único grupo llamado "${name}". Tus grupos: ${names}.`,
  chatUses: (group) => `Este chat registra ahora en ${group}.`,
  unknownCommand: "No conozco ese comando.",
  notUnderstood: (reason) =>
    `No lo entendí (${reason}). ¿Puedes decirlo de otra forma, p. ej. "Añade 50 € de comida"?`,
  recorded: (what) => `Registrado ${what}.`,
  forWhat: (d) => ` por ${d}`,
  paidBy: (name) => `pagado por ${name}`,
  splitBetween: (names) => `a partes iguales entre ${names}`,
  everyone: "todos",
  alone: (name) => `solo para ${name}`,
  today: "hoy",
  defaults: (list) => `Valores por defecto: ${list}.`,
  defaultCurrency: (c) => `moneda ${c} (la del grupo)`,
  defaultDate: "fecha de hoy",
  defaultSplit: "repartido entre todos",
  settlementRecorded: (from, to, amount) => `Registrado: ${from} pagó a ${to} ${amount}.`,
  payment: (from, to, amount) => `${from} pagó a ${to} ${amount}`,
  undone: "Deshecho: tu última entrada está anulada.",
  nothingToUndo: "Nada que deshacer: no registraste nada conmigo en este chat.",
  changedSince: "Esa entrada cambió (o ya no existe): ábrela en la app.",
  unreachableRetrying: "Kopek no responde ahora; lo reintentaré. Aún no está guardado.",
  notSaved: "No guardado: Kopek sigue sin responder. Envíalo de nuevo más tarde.",
  refused: "Kopek no pudo hacerlo ahora; no se registró nada. Inténtalo de nuevo.",
  whichAmount: "Veo más de un importe. ¿Cuál es el total?",
  whoIs: (name) => `¿Quién es "${name}"?`,
  whichMember: (name) => `¿Qué "${name}"?`,
  memberChoice: (name, place, isSender) => `${name} (${isSender ? "tú" : place})`,
  memberGone: (name, group) =>
    `${name} ya no es un miembro activo de ${group}: no se registró nada.`,
  dropName: (name) => `Nadie (quitar "${name}")`,
  whatRole: (name) => `¿Y ${name}?`,
  rolePaid: (name) => `Pagó ${name}`,
  roleShares: (name) => `Repartido con ${name}`,
  roleFor: (name) => `Solo para ${name}`,
  questionGone: "Esa pregunta caducó: envía el mensaje otra vez.",
  editPrompt: "Envía el mensaje corregido y sustituiré ese gasto por él.",
  amended: (what) => `Cambiado a ${what}.`,
  balancesIn: (group) => `Saldos en ${group}:`,
  settledUp: "Todos están a mano.",
  pays: (from, to, amount) => `${from} paga a ${to} ${amount}`,
  settlePlan: (group) => `Para saldar en ${group} (pulsa una transferencia cuando esté hecha):`,
  settleButton: (from, to, amount) => `${from} → ${to} ${amount}`,
  langSet: "Responderé en español.",
  langUsage: "Envía /lang en, /lang es o /lang de.",
  muted: "Silenciado: no te avisaré de los gastos de otros.",
  unmuted: "Avisos activados: te avisaré de los gastos que te incluyan.",
  notified: (author, group, what) => `${author} registró en ${group}: ${what}.`,
  undoButton: "Deshacer",
  editButton: "Editar",
  modelGuess: (what) =>
    `¿Quisiste decir: ${what}? (Lo supone un modelo de lenguaje: no se registra nada hasta que confirmes.)`,
  confirmButton: "Registrar",
  cancelButton: "Cancelar",
  cancelled: "Cancelado: no se registró nada.",
  receiptAttached: (what) => `Recibo adjuntado a ${what}.`,
  receiptNoExpense:
    "¿De qué gasto es este recibo? Envíalo hasta 10 minutos después de registrar el gasto, o como respuesta a él.",
  receiptTooLarge: "Ese archivo pesa más de 10 MiB: no se adjuntó nada.",
  receiptUnsupported: "Ese archivo no es JPEG, PNG, WebP ni PDF: no se adjuntó nada.",
  receiptImageTooLarge: "Esa imagen tiene más de 50 millones de píxeles: no se adjuntó nada.",
  receiptForbidden: "No puedes añadir recibos en ese grupo: no se adjuntó nada.",
  receiptLimit:
    "Ese gasto ya tiene 10 adjuntos, o el grupo no tiene más espacio: no se adjuntó nada.",
  receiptExpenseGone: "Ese gasto ya no existe (deshecho o borrado): no se adjuntó nada.",
  thatExpense: "ese gasto",
};

const de: Messages = {
  help: [
    'Sag, was du ausgegeben hast: "50 € für Essen", "Taxi 12,50 gestern mit Bob", "Bob 20 gezahlt".',
    "/start CODE — dein Kopek-Konto verknüpfen (den Code gibt es in der App)",
    "/groups — deine Gruppen; /use NAME — die Gruppe dieses Chats",
    "/add TEXT — Ausgabe erfassen; /balance — wer schuldet wem; /settle — ausgleichen",
    "/undo — letzten Eintrag stornieren; /lang en|es|de; /mute, /unmute — Benachrichtigungen",
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
  langUsage: "Sende /lang en, /lang es oder /lang de.",
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

const CATALOGUE: Record<Lang, Messages> = { en, es, de };

/** The replies in `lang` (English when unknown). */
export function messages(lang: string | undefined): Messages {
  return CATALOGUE[(LANGS as readonly string[]).includes(lang ?? "") ? lang as Lang : "en"];
}

/** The language of a Telegram `language_code` ("es-AR" → es), English otherwise. */
export function langOf(code: string | undefined): Lang {
  const base = (code ?? "").slice(0, 2).toLowerCase();
  return (LANGS as readonly string[]).includes(base) ? base as Lang : "en";
}
