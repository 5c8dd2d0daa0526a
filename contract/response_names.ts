/**
 * The names the route table gives its answers (`Route.response`), each with
 * its type, so that a name without a type fails to compile and a client can
 * ask for a route's answer by name: `AnswerOf<"Balances">`.
 *
 * @module
 */
import type {
  AccountExport,
  ActivityItem,
  Balances,
  Categories,
  CategoryWritten,
  Comment,
  CommentWritten,
  Done,
  Entry,
  Expense,
  ExpenseHistory,
  ExpenseWritten,
  GroupDetail,
  GroupListItem,
  GroupWritten,
  GuestLinkClaimed,
  GuestLinkCreated,
  GuestLinkRevoked,
  GuestSession,
  ImportJob,
  ImportQueued,
  Invite,
  InviteAccepted,
  InviteCreated,
  InviteRevoked,
  Me,
  MeBalances,
  Member,
  MemberWritten,
  MonthlyReport,
  NotificationSettings,
  Page,
  PaymentHandlesList,
  PaymentHandlesWritten,
  PushRemoved,
  PushSubscriptionInfo,
  PushSubscriptions,
  RatesTable,
  Session,
  SessionInfo,
  Settlement,
  SettlementWritten,
  StoredEvent,
  SyncAnswer,
  TelegramChats,
  TelegramLinkCode,
  TelegramLinked,
  TelegramToken,
  User,
  Verification,
  Voided,
} from "./responses.ts";
import type { RecurrenceList, RecurrenceWritten } from "./responses_recurrences.ts";
import type { Attachment, AttachmentList, AttachmentUrl } from "./responses_attachments.ts";
import type {
  EmailSettings,
  InviteMailed,
  PasswordResetAccepted,
  PasswordResetDone,
} from "./responses_email.ts";

/** Every answer the route table names, by its name. */
export interface Answers {
  Attachment: Attachment;
  AttachmentList: AttachmentList;
  AttachmentUrl: AttachmentUrl;
  GuestLinkClaimed: GuestLinkClaimed;
  GuestLinkCreated: GuestLinkCreated;
  GuestLinkRevoked: GuestLinkRevoked;
  GuestSession: GuestSession;
  AccountExport: AccountExport;
  Balances: Balances;
  Categories: Categories;
  CategoryWritten: CategoryWritten;
  CommentWritten: CommentWritten;
  Done: Done;
  NotificationSettings: NotificationSettings;
  PushRemoved: PushRemoved;
  PushSubscriptionInfo: PushSubscriptionInfo;
  PushSubscriptions: PushSubscriptions;
  EmailSettings: EmailSettings;
  Expense: Expense;
  ExpenseHistory: ExpenseHistory;
  ExpenseWritten: ExpenseWritten;
  GroupDetail: GroupDetail;
  GroupWritten: GroupWritten;
  PaymentHandlesWritten: PaymentHandlesWritten;
  PaymentHandlesList: PaymentHandlesList;
  ImportJob: ImportJob;
  ImportQueued: ImportQueued;
  InviteAccepted: InviteAccepted;
  InviteCreated: InviteCreated;
  InviteMailed: InviteMailed;
  InviteRevoked: InviteRevoked;
  Me: Me;
  MeBalances: MeBalances;
  Member: Member;
  MemberWritten: MemberWritten;
  MonthlyReport: MonthlyReport;
  PasswordResetAccepted: PasswordResetAccepted;
  PasswordResetDone: PasswordResetDone;
  "Page<ActivityItem>": Page<ActivityItem>;
  "Page<Comment>": Page<Comment>;
  "Page<Entry>": Page<Entry>;
  "Page<GroupListItem>": Page<GroupListItem>;
  "Page<Invite>": Page<Invite>;
  "Page<Member>": Page<Member>;
  "Page<SessionInfo>": Page<SessionInfo>;
  "Page<StoredEvent>": Page<StoredEvent>;
  RatesTable: RatesTable;
  RecurrenceList: RecurrenceList;
  RecurrenceWritten: RecurrenceWritten;
  Session: Session;
  Settlement: Settlement;
  SettlementWritten: SettlementWritten;
  SyncAnswer: SyncAnswer;
  TelegramChats: TelegramChats;
  TelegramLinkCode: TelegramLinkCode;
  TelegramLinked: TelegramLinked;
  TelegramToken: TelegramToken;
  User: User;
  Verification: Verification;
  Voided: Voided;
}

/** The name of an answer type. */
export type AnswerName = keyof Answers;

/** The type of the answer of that name. */
export type AnswerOf<N extends AnswerName> = Answers[N];
