/**
 * The bot's replies in French (`/lang fr`), addressing the user as "vous". French typography: a
 * no-break space (U+00A0) before ":", ";", "?" and "!", inside « guillemets » and between a number
 * and its unit (the unit test keeps them so); amounts are written as in the other languages
 * ("12.00 EUR").
 *
 * @module
 */
import type { Messages } from "../messages.ts";

/** Every reply, in French. */
export const fr: Messages = {
  help: [
    "Dites ce que vous avez dépensé : « Ajoute 50 € pour les courses », « taxi 12,50 hier avec Bob », « payé Bob 20 ».",
    "/start CODE — associer votre compte Kopek (le code est dans l’app)",
    "/groups — vos groupes ; /use NOM — le groupe dans lequel cette discussion enregistre",
    "/add TEXTE — enregistrer une dépense ; /balance — qui doit combien à qui ; /settle — régler les comptes",
    "/undo — annuler votre dernière saisie ici ; /lang en|es|de|fr|pt ; /mute, /unmute — notifications",
  ].join("\n"),
  hello: "Bonjour ! Obtenez un code d’association dans l’app Kopek et envoyez /start CODE.",
  linkFirst:
    "Associez d’abord votre compte Kopek : obtenez un code dans l’app et envoyez /start CODE.",
  linked: (name) => `Associé au compte Kopek de ${name}.`,
  codeUnknown: "Ce code est inconnu.",
  codeUsed: "Ce code a déjà servi, ou ce compte Telegram est associé à un autre compte.",
  codeExpired: "Ce code a expiré : obtenez-en un nouveau dans l’app.",
  linkFailed: "L’association a échoué ; veuillez réessayer plus tard.",
  noGroup: "Vous n’avez pas encore de groupe : créez-en un dans l’app.",
  whichGroup: (names) => `Quel groupe ? Envoyez /use NOM (${names}).`,
  notMember: (group) => `Vous n’êtes pas membre actif de ${group}.`,
  noSuchGroup: (name, names) => `Aucun groupe unique nommé « ${name} ». Vos groupes : ${names}.`,
  chatUses: (group) => `Cette discussion enregistre désormais dans ${group}.`,
  unknownCommand: "Je ne connais pas cette commande.",
  notUnderstood: (reason) =>
    `Je n’ai pas compris (${reason}). Pourriez-vous reformuler, par ex. « Ajoute 50 € pour les courses » ?`,
  recorded: (what) => `Enregistré : ${what}.`,
  forWhat: (d) => ` pour ${d}`,
  paidBy: (name) => `payé par ${name}`,
  splitBetween: (names) => `partagé à parts égales entre ${names}`,
  everyone: "tout le monde",
  alone: (name) => `pour ${name} uniquement`,
  today: "aujourd’hui",
  defaults: (list) => `Valeurs par défaut appliquées : ${list}.`,
  defaultCurrency: (c) => `devise ${c} (celle du groupe)`,
  defaultDate: "date d’aujourd’hui",
  defaultSplit: "partagé entre tout le monde",
  settlementRecorded: (from, to, amount) => `Enregistré : ${from} a payé ${amount} à ${to}.`,
  payment: (from, to, amount) => `${from} a payé ${amount} à ${to}`,
  undone: "C’est fait : votre dernière saisie est annulée.",
  nothingToUndo:
    "Rien à annuler : vous n’avez rien enregistré par mon biais dans cette discussion.",
  changedSince: "Cette saisie a changé depuis (ou n’existe plus) : ouvrez-la dans l’app.",
  unreachableRetrying:
    "Kopek est injoignable pour le moment ; je vais réessayer. Rien n’est encore enregistré.",
  notSaved:
    "Non enregistré : Kopek est toujours injoignable. Veuillez renvoyer le message plus tard.",
  refused:
    "Kopek n’a pas pu le faire pour le moment ; rien n’a été enregistré. Veuillez réessayer.",
  whichAmount: "Je vois plusieurs montants. Lequel est le total ?",
  whoIs: (name) => `Qui est « ${name} » ?`,
  whichMember: (name) => `De quel « ${name} » s’agit-il ?`,
  memberChoice: (name, place, isSender) => `${name} (${isSender ? "moi" : place})`,
  memberGone: (name, group) =>
    `${name} n’est plus membre actif de ${group} : rien n’a été enregistré.`,
  dropName: (name) => `Personne (ignorer « ${name} »)`,
  whatRole: (name) => `Et ${name} ?`,
  rolePaid: (name) => `${name} a payé`,
  roleShares: (name) => `Partagé avec ${name}`,
  roleFor: (name) => `Seulement pour ${name}`,
  questionGone: "Cette question a expiré : veuillez renvoyer le message.",
  editPrompt: "Envoyez le message corrigé et je remplacerai cette dépense par celui-ci.",
  amended: (what) => `Modifié : ${what}.`,
  balancesIn: (group) => `Soldes dans ${group} :`,
  settledUp: "Tout le monde est quitte.",
  pays: (from, to, amount) => `${from} verse ${amount} à ${to}`,
  settlePlan: (group) =>
    `Pour régler les comptes dans ${group} (touchez un virement une fois qu’il est fait) :`,
  settleButton: (from, to, amount) => `${from} → ${to} ${amount}`,
  langSet: "Je vous répondrai en français.",
  langUsage: "Envoyez /lang en, /lang es, /lang de, /lang fr ou /lang pt.",
  muted: "Sourdine : je ne vous signalerai plus les dépenses des autres.",
  unmuted: "Sourdine levée : je vous signalerai les dépenses qui vous concernent.",
  notified: (author, group, what) => `${author} a enregistré dans ${group} : ${what}.`,
  undoButton: "Annuler",
  editButton: "Modifier",
  modelGuess: (what) =>
    `Vouliez-vous dire : ${what} ? (Supposition d’un modèle de langage : rien n’est enregistré avant votre confirmation.)`,
  confirmButton: "Enregistrer",
  cancelButton: "Annuler",
  cancelled: "Annulé : rien n’a été enregistré.",
  receiptAttached: (what) => `Reçu joint à ${what}.`,
  receiptNoExpense:
    "À quelle dépense ce reçu correspond-il ? Envoyez-le dans les 10 minutes qui suivent l’enregistrement de la dépense, ou en réponse à celle-ci.",
  receiptTooLarge: "Ce fichier dépasse 10 Mio : rien n’a été joint.",
  receiptUnsupported:
    "Ce fichier n’est ni un JPEG, ni un PNG, ni un WebP, ni un PDF : rien n’a été joint.",
  receiptImageTooLarge: "Cette image dépasse 50 millions de pixels : rien n’a été joint.",
  receiptForbidden: "Vous ne pouvez pas ajouter de reçus dans ce groupe : rien n’a été joint.",
  receiptLimit:
    "Cette dépense a déjà 10 pièces jointes, ou le groupe n’a plus de place : rien n’a été joint.",
  receiptExpenseGone: "Cette dépense n’existe plus (annulée ou supprimée) : rien n’a été joint.",
  thatExpense: "cette dépense",
};
