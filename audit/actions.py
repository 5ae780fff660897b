"""The audit action names, in one place so the viewer can filter by them.

A feature that records a new action adds its constant here (and to ``LABELS``).
"""

LOGIN = "auth.login"
LOGOUT = "auth.logout"
LOGIN_FAILED = "auth.login_failed"
LOGIN_LOCKED_OUT = "auth.locked_out"
PASSWORD_CHANGED = "auth.password_changed"  # noqa: S105 - an action name
PASSWORD_RESET = "auth.password_reset"  # noqa: S105 - an action name
PASSWORD_RESET_REQUESTED = "auth.password_reset_requested"  # noqa: S105 - an action name
TWO_FACTOR_ENROLLED = "auth.2fa_enrolled"
TWO_FACTOR_VERIFIED = "auth.2fa_verified"
RECOVERY_CODE_USED = "auth.recovery_code_used"
RECOVERY_CODES_REPLACED = "auth.recovery_codes_replaced"

USER_CREATED = "accounts.user_created"
USER_DEACTIVATED = "accounts.user_deactivated"
USER_REACTIVATED = "accounts.user_reactivated"
USER_PASSWORD_RESET_FORCED = "accounts.password_reset_forced"  # noqa: S105 - an action name
USER_TWO_FACTOR_RESET = "accounts.2fa_reset"
USER_UNLOCKED = "accounts.unlocked"
USER_ROLE_CHANGED = "accounts.role_changed"

AUDIT_EXPORTED = "audit.exported"
AUDIT_CHECKPOINT = "audit.checkpoint"

PATIENT_SEARCH = "patient.search"
PATIENT_VIEW = "patient.view"
PATIENT_CREATE = "patient.create"
PATIENT_UPDATE = "patient.update"
PATIENT_ARCHIVE = "patient.archive"
PATIENT_RESTORE = "patient.restore"

WORKUP_VIEW = "workup.view"
WORKUP_CREATE = "workup.create"
WORKUP_UPDATE = "workup.update"
WORKUP_SECTION_VIEW = "workup.section_view"
WORKUP_SECTION_UPDATE = "workup.section_update"
WORKUP_SECTION_CONFLICT = "workup.section_conflict"
WORKUP_SECTION_CLEAR = "workup.section_clear"
WORKUP_SIGN = "workup.sign"
WORKUP_SIGN_FAILED = "workup.sign_failed"
WORKUP_AMEND = "workup.amend"
WORKUP_TAKE_OVER = "workup.take_over"
WORKUP_IMPORT = "workup.import"
WORKUP_EXPORT = "workup.export"

SUMMARY_VIEW = "summary.view"
SUMMARY_DOWNLOAD = "summary.download"
SUMMARY_ISSUE = "summary.issue"
SUMMARY_INTEGRITY_FAILED = "summary.integrity_failed"
BATCH_PRINT_CHOOSE = "summary.batch_choose"
BATCH_PRINT_START = "summary.batch_start"
BATCH_PRINT_DOWNLOAD = "summary.batch_download"
# One event per summary of a batch print, carrying that summary's patient, so that a patient's
# audit trail shows every batch their summary was printed in (the batch's own event names
# only the batch).
SUMMARY_BATCH_QUEUED = "summary.batch_queued"
SUMMARY_BATCH_DOWNLOADED = "summary.batch_downloaded"

# Questionnaires: the clinic's actions, then the patient's (no actor: the patient has no
# account), each with the patient's id.
QUESTIONNAIRE_INVITE = "questionnaire.invite"
QUESTIONNAIRE_VIEW = "questionnaire.view"
QUESTIONNAIRE_NEW_CODE = "questionnaire.new_code"
QUESTIONNAIRE_EMAIL = "questionnaire.email"
QUESTIONNAIRE_REVOKE = "questionnaire.revoke"
QUESTIONNAIRE_KIOSK_START = "questionnaire.kiosk_start"
QUESTIONNAIRE_SAFETY_ACKNOWLEDGE = "questionnaire.safety_acknowledge"
QUESTIONNAIRE_OPEN = "questionnaire.open"
QUESTIONNAIRE_REFUSED = "questionnaire.refused"
QUESTIONNAIRE_DOB_CONFIRMED = "questionnaire.dob_confirmed"
QUESTIONNAIRE_DOB_FAILED = "questionnaire.dob_failed"
QUESTIONNAIRE_LOCKED = "questionnaire.locked"
QUESTIONNAIRE_SAVE = "questionnaire.save"
QUESTIONNAIRE_SAFETY_ALERT = "questionnaire.safety_alert"
QUESTIONNAIRE_SUBMIT = "questionnaire.submit"
QUESTIONNAIRE_KIOSK_END = "questionnaire.kiosk_end"
QUESTIONNAIRE_ACCEPT = "questionnaire.accept"
WORKUP_FHIR_EXPORT = "workup.fhir_export"
WORKUP_FHIR_LAB_IMPORT = "workup.fhir_lab_import"

LABELS = {
    LOGIN: "Logged in (password)",
    LOGOUT: "Logged out",
    LOGIN_FAILED: "Failed log-in",
    LOGIN_LOCKED_OUT: "Locked out after failed log-ins",
    PASSWORD_CHANGED: "Changed own password",
    PASSWORD_RESET: "Set password from an e-mailed link",
    PASSWORD_RESET_REQUESTED: "Asked for a password-reset e-mail",
    TWO_FACTOR_ENROLLED: "Set up two-factor authentication",
    TWO_FACTOR_VERIFIED: "Second factor accepted",
    RECOVERY_CODE_USED: "Used a recovery code",
    RECOVERY_CODES_REPLACED: "Replaced recovery codes",
    USER_CREATED: "Created a user account",
    USER_DEACTIVATED: "Deactivated a user account",
    USER_REACTIVATED: "Reactivated a user account",
    USER_PASSWORD_RESET_FORCED: "Forced a password reset",
    USER_TWO_FACTOR_RESET: "Reset a user's second factor",
    USER_UNLOCKED: "Unlocked a user's log-in",
    USER_ROLE_CHANGED: "Changed a user's role",
    AUDIT_EXPORTED: "Exported the audit log",
    AUDIT_CHECKPOINT: "Wrote an audit checkpoint",
    PATIENT_SEARCH: "Listed or searched patients",
    PATIENT_VIEW: "Opened a patient's record",
    PATIENT_CREATE: "Registered a patient",
    PATIENT_UPDATE: "Changed a patient's demographics",
    PATIENT_ARCHIVE: "Archived a patient",
    PATIENT_RESTORE: "Restored an archived patient",
    WORKUP_VIEW: "Opened a workup",
    WORKUP_CREATE: "Started a workup",
    WORKUP_UPDATE: "Changed a workup's visit details",
    WORKUP_SECTION_VIEW: "Opened a workup section",
    WORKUP_SECTION_UPDATE: "Saved a workup section",
    WORKUP_SECTION_CONFLICT: "Was shown a save conflict in a workup section",
    WORKUP_SECTION_CLEAR: "Cleared a workup section",
    WORKUP_SIGN: "Signed a workup",
    WORKUP_SIGN_FAILED: "Failed to sign a workup (wrong password)",
    WORKUP_AMEND: "Started an amendment of a signed workup",
    WORKUP_TAKE_OVER: "Took over another clinician's draft workup",
    WORKUP_IMPORT: "Imported a workup document",
    WORKUP_EXPORT: "Exported a workup document",
    SUMMARY_VIEW: "Opened a workup summary",
    SUMMARY_DOWNLOAD: "Downloaded a workup summary PDF",
    SUMMARY_ISSUE: "Stored the signed summary PDF of a workup",
    SUMMARY_INTEGRITY_FAILED: "Refused a stored summary PDF (missing or altered)",
    BATCH_PRINT_CHOOSE: "Listed signed workups to batch-print",
    BATCH_PRINT_START: "Started a batch print of summaries",
    BATCH_PRINT_DOWNLOAD: "Downloaded a batch print of summaries",
    SUMMARY_BATCH_QUEUED: "Put a workup summary in a batch print",
    SUMMARY_BATCH_DOWNLOADED: "Downloaded a workup summary in a batch print",
    QUESTIONNAIRE_INVITE: "Invited a patient to answer a questionnaire",
    QUESTIONNAIRE_VIEW: "Opened a patient's questionnaire page",
    QUESTIONNAIRE_NEW_CODE: "Issued a new questionnaire code",
    QUESTIONNAIRE_EMAIL: "E-mailed a questionnaire link to the patient",
    QUESTIONNAIRE_REVOKE: "Revoked a questionnaire",
    QUESTIONNAIRE_KIOSK_START: "Started a questionnaire on a clinic tablet",
    QUESTIONNAIRE_SAFETY_ACKNOWLEDGE: "Acknowledged a patient's safety answer (PHQ-9 item 9)",
    QUESTIONNAIRE_OPEN: "Questionnaire opened (link or clinic tablet)",
    QUESTIONNAIRE_REFUSED: "Questionnaire link refused (unknown, expired or closed)",
    QUESTIONNAIRE_DOB_CONFIRMED: "Questionnaire: date of birth confirmed",
    QUESTIONNAIRE_DOB_FAILED: "Questionnaire: wrong date of birth",
    QUESTIONNAIRE_LOCKED: "Questionnaire locked after wrong dates of birth",
    QUESTIONNAIRE_SAVE: "Questionnaire answers saved by the patient",
    QUESTIONNAIRE_SAFETY_ALERT: "Questionnaire safety answer (PHQ-9 item 9 above 0)",
    QUESTIONNAIRE_SUBMIT: "Questionnaire sent by the patient",
    QUESTIONNAIRE_KIOSK_END: "Questionnaire on a clinic tablet ended",
    QUESTIONNAIRE_ACCEPT: "Accepted a patient's answers into a workup section",
    WORKUP_FHIR_EXPORT: "Exported a signed workup as FHIR",
    WORKUP_FHIR_LAB_IMPORT: "Imported lab results from a FHIR file",
}


def action_label(action: str) -> str:
    """What an action reads as on the audit pages: its label, or for an action without one
    (recorded by an older release, say) the code in words ("patient.merge" -> "Patient
    merge"), never the code itself."""
    if action in LABELS:
        return LABELS[action]
    words = " ".join(action.replace(".", " ").replace("_", " ").split())
    return words[:1].upper() + words[1:] if words else "Unnamed action"
