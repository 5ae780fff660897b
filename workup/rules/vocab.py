"""Controlled vocabularies of a workup: every code a document may hold, with display labels.

Order matters: each tuple lists its codes in the order of the specification, which is also the
canonical order used when a set (WPI areas, diets tried, gut symptoms) is exported.
"""

FORMAT = "fibro-workup/2"  # what export writes
FORMATS = ("fibro-workup/1", "fibro-workup/2")  # what every reader accepts

SEXES = ("female", "male", "intersex", "unknown")
SEX_LABELS = {
    "female": "female",
    "male": "male",
    "intersex": "intersex",
    "unknown": "unknown",
}

# --- ACR 2016: the 19 WPI areas and the 5 regions -------------------------------------------

WPI_AREAS = (
    "left_jaw",
    "right_jaw",
    "left_shoulder_girdle",
    "right_shoulder_girdle",
    "left_upper_arm",
    "right_upper_arm",
    "left_lower_arm",
    "right_lower_arm",
    "left_hip",
    "right_hip",
    "left_upper_leg",
    "right_upper_leg",
    "left_lower_leg",
    "right_lower_leg",
    "neck",
    "upper_back",
    "lower_back",
    "chest",
    "abdomen",
)
WPI_AREA_LABELS = {code: code.replace("_", " ") for code in WPI_AREAS}
WPI_AREA_LABELS["left_hip"] = "left hip (buttock)"
WPI_AREA_LABELS["right_hip"] = "right hip (buttock)"

REGIONS = ("left_upper", "right_upper", "left_lower", "right_lower", "axial")
REGION_LABELS = {
    "left_upper": "left upper",
    "right_upper": "right upper",
    "left_lower": "left lower",
    "right_lower": "right lower",
    "axial": "axial",
}
# Areas that count for a region. Jaw, chest and abdomen count in the WPI only.
REGION_OF_AREA = {
    "left_shoulder_girdle": "left_upper",
    "left_upper_arm": "left_upper",
    "left_lower_arm": "left_upper",
    "right_shoulder_girdle": "right_upper",
    "right_upper_arm": "right_upper",
    "right_lower_arm": "right_upper",
    "left_hip": "left_lower",
    "left_upper_leg": "left_lower",
    "left_lower_leg": "left_lower",
    "right_hip": "right_lower",
    "right_upper_leg": "right_lower",
    "right_lower_leg": "right_lower",
    "neck": "axial",
    "upper_back": "axial",
    "lower_back": "axial",
}
WPI_ONLY_AREAS = ("left_jaw", "right_jaw", "chest", "abdomen")

SSS_SCALE_PARTS = ("fatigue", "waking_unrefreshed", "cognitive")
SSS_YES_NO_PARTS = ("headaches", "lower_abdominal_pain", "depression")
SSS_PARTS = SSS_SCALE_PARTS + SSS_YES_NO_PARTS
SSS_PART_LABELS = {
    "fatigue": "fatigue",
    "waking_unrefreshed": "waking unrefreshed",
    "cognitive": "cognitive symptoms",
    "headaches": "headaches",
    "lower_abdominal_pain": "pain or cramps in the lower abdomen",
    "depression": "depression",
}
# The app's own wording of the 0-3 severity anchors (past week).
SSS_ANCHORS = {
    0: "no problem",
    1: "mild, or only now and then",
    2: "moderate, present much of the time",
    3: "severe, constant, disrupting daily life",
}

# --- Exclusions -------------------------------------------------------------------------------

# code: (category, required, label)
CONDITIONS = {
    "rheumatoid_arthritis": ("autoimmune", True, "rheumatoid arthritis"),
    "sle": ("autoimmune", True, "SLE (systemic lupus erythematosus)"),
    "sjogren": ("autoimmune", True, "Sjogren's syndrome"),
    "polymyalgia_rheumatica": ("autoimmune", True, "polymyalgia rheumatica"),
    "spondyloarthritis": ("autoimmune", True, "spondyloarthritis"),
    "inflammatory_myopathy": ("autoimmune", True, "inflammatory myopathy"),
    "hypothyroidism": ("thyroid", True, "hypothyroidism"),
    "hyperthyroidism": ("thyroid", True, "hyperthyroidism"),
    "hepatitis_c": ("infection", True, "hepatitis C"),
    "hepatitis_b": ("infection", True, "hepatitis B"),
    "hiv": ("infection", True, "HIV"),
    "lyme": ("infection", True, "Lyme disease"),
    "drug_induced_myalgia": ("other", True, "drug-induced myalgia"),
    "sleep_apnoea": ("other", True, "sleep apnoea"),
    "anaemia": ("other", False, "anaemia"),
    "hyperparathyroidism": ("other", False, "hyperparathyroidism"),
    "neuropathy": ("other", False, "neuropathy"),
    "multiple_sclerosis": ("other", False, "multiple sclerosis"),
    "malignancy": ("other", False, "malignancy"),
    "adrenal_insufficiency": ("other", False, "adrenal insufficiency"),
}
CONDITION_CATEGORIES = ("autoimmune", "thyroid", "infection", "other")
REQUIRED_CONDITIONS = tuple(code for code, (_, required, _) in CONDITIONS.items() if required)
CONDITION_LABELS = {code: label for code, (_, _, label) in CONDITIONS.items()}

EXCLUSION_STATUSES = ("not_assessed", "pending", "ruled_out", "unlikely", "possible", "confirmed")
DISPOSITIONS = frozenset({"ruled_out", "unlikely", "possible", "confirmed"})
EXCLUSION_STATUS_LABELS = {s: s.replace("_", " ") for s in EXCLUSION_STATUSES}

# The red-flag questions of the document's `red_flags` section, in the contract's order, each
# worded as the finding the clinician records (so that, for example, menopausal sweats or
# jaw-joint pain are not ticked by mistake).
RED_FLAG_QUESTIONS = {
    "weight_loss": "Unintentional weight loss of more than 5 % in 6-12 months",
    "fever": "Fever measured at 38 °C or more",
    "night_sweats": "Drenching night sweats, not explained by menopause or medicines",
    "morning_stiffness_over_60_min": "Morning stiffness of the joints lasting over 60 minutes, "
    "most mornings",
    "joint_swelling": "Joint swelling on examination",
    "proximal_weakness": "Proximal muscle weakness on examination",
    "new_headache": "New headache, or a headache different from usual, within 3 months",
    "jaw_claudication": "Jaw claudication: pain on chewing, eased by rest (not jaw-joint pain)",
    "visual_disturbance": "Visual loss, blurring or double vision",
    "scalp_tenderness": "New scalp tenderness, within 3 months",
    "focal_neurological_signs": "Focal neurological signs on examination",
}
RED_FLAGS = tuple(RED_FLAG_QUESTIONS)
RED_FLAG_LABELS = {
    "weight_loss": "unintentional weight loss",
    "fever": "fever",
    "night_sweats": "drenching night sweats",
    "morning_stiffness_over_60_min": "morning stiffness over 60 minutes",
    "joint_swelling": "joint swelling",
    "proximal_weakness": "proximal weakness",
    "new_headache": "new headache",
    "jaw_claudication": "jaw claudication",
    "visual_disturbance": "visual disturbance",
    "scalp_tenderness": "scalp tenderness",
    "focal_neurological_signs": "focal neurological signs",
}
# Asked first at age 50 and over: the questions that point to giant cell arteritis.
GCA_QUESTIONS = ("new_headache", "jaw_claudication", "visual_disturbance", "scalp_tenderness")
GCA_AGE = 50

# --- Treatments -------------------------------------------------------------------------------

DRUGS = (
    "duloxetine",
    "milnacipran",
    "pregabalin",
    "gabapentin",
    "amitriptyline",
    "cyclobenzaprine",
    "tramadol",
    "nsaid",
    "ssri",
    "other",
)
COUNTED_DRUGS = frozenset(DRUGS[:7])
DRUG_LABELS = {code: code for code in DRUGS}
DRUG_LABELS.update({"nsaid": "NSAID", "ssri": "SSRI", "other": "other drug"})
RESPONSES = ("none", "minimal", "partial", "good")
FAILED_RESPONSES = frozenset({"none", "minimal"})
MIN_TRIAL_WEEKS = 4

# The current medication list: classes the rules read (`other` for the rest).
MEDICATION_CLASSES = (
    "statin",
    "opioid",
    "tricyclic",
    "snri",
    "ssri",
    "gabapentinoid",
    "benzodiazepine",
    "z_drug",
    "muscle_relaxant",
    "corticosteroid",
    "nsaid",
    "thyroid_hormone",
    "other",
)
MEDICATION_CLASS_LABELS = {
    "statin": "statin",
    "opioid": "opioid (tramadol included)",
    "tricyclic": "tricyclic",
    "snri": "SNRI",
    "ssri": "SSRI",
    "gabapentinoid": "gabapentinoid",
    "benzodiazepine": "benzodiazepine",
    "z_drug": "Z-drug",
    "muscle_relaxant": "muscle relaxant",
    "corticosteroid": "corticosteroid",
    "nsaid": "NSAID",
    "thyroid_hormone": "thyroid hormone",
    "other": "other",
}
MAX_MEDICATIONS = 50

# --- Lifestyle --------------------------------------------------------------------------------

DIET_PATTERNS = ("omnivore", "vegetarian", "vegan", "mediterranean", "other")
DIETS = ("hypocaloric", "low_fodmap", "plant_based", "gluten_free", "other")
DIET_LABELS = {
    "hypocaloric": "hypocaloric",
    "low_fodmap": "low-FODMAP",
    "plant_based": "plant-based",
    "gluten_free": "gluten-free",
    "other": "other",
}

# --- Gut --------------------------------------------------------------------------------------

GUT_SYMPTOMS = (
    "bloating",
    "abdominal_pain",
    "diarrhoea",
    "constipation",
    "reflux",
    "nausea",
    "rectal_bleeding",
)
GUT_SYMPTOM_LABELS = {code: code.replace("_", " ") for code in GUT_SYMPTOMS}
MICROBIOME_RESULTS = ("not_done", "normal", "dysbiosis")
SIBO_RESULTS = ("not_done", "negative", "positive")
PROBIOTIC_TRIALS = ("not_tried", "no_response", "partial", "good")

# --- Hormones ---------------------------------------------------------------------------------

REPRODUCTIVE_STAGES = (
    "premenopausal",
    "perimenopausal",
    "postmenopausal",
    "postpartum",
    "pregnant",
    "not_applicable",
)
CYCLE_FLARES = ("none", "follicular", "menstrual", "luteal", "unknown")
HORMONE_THERAPIES = ("none", "contraceptive", "hrt", "other")

# --- Output orders ----------------------------------------------------------------------------

SEVERITIES = ("urgent", "high", "moderate", "low", "info")
# What a flag asks of the clinician (clinical spec section 5): guideline or standard care of the
# finding itself, or a step that rests on tier C-E evidence only. The label shown on screen and
# in the PDF comes from the action alone.
ACTIONS = ("recommend", "consider")
ACTION_LABELS = {"recommend": "Recommendation", "consider": "To consider and discuss"}
AREAS = (
    "pain",
    "exclusions",
    "treatments",
    "lifestyle",
    "micronutrients",
    "gut",
    "hormones",
    "mental",
)
AREA_OF_PREFIX = {
    "DX": "pain",
    "EXCL": "exclusions",
    "TX": "treatments",
    "LIFE": "lifestyle",
    "MICRO": "micronutrients",
    "GUT": "gut",
    "HORM": "hormones",
    "MENTAL": "mental",
}
# Labs whose presence makes the micronutrient area complete (and silences MICRO.NOT_TESTED).
MICRONUTRIENT_MARKERS = ("vitamin_d_25oh", "b12", "ferritin", "magnesium_serum", "magnesium_rbc")

# Lab rows: a result, or a test ordered and not yet back, or one decided against.
LAB_STATUSES = ("resulted", "pending", "not_done")
LAB_STATUS_LABELS = {"resulted": "resulted", "pending": "pending", "not_done": "not done"}
MAX_LAB_ROWS = 200
# The baseline panel (Canadian 2012): each part is met by a result of any of its analytes.
BASELINE_PANEL = (
    ("haemoglobin", ("hemoglobin",)),
    ("an inflammatory marker (ESR or CRP)", ("esr", "crp")),
    ("TSH", ("tsh",)),
    ("CK", ("ck",)),
)
