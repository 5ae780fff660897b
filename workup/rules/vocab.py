"""Controlled vocabularies of a workup: every code a document may hold, with display labels.

Order matters: each tuple lists its codes in the order of the specification, which is also the
canonical order used when a set (WPI areas, diets tried, gut symptoms) is exported.
"""

FORMAT = "fibro-workup/1"

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
    "drug_induced_myalgia": ("other", False, "drug-induced myalgia"),
    "sleep_apnoea": ("other", False, "sleep apnoea"),
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

RED_FLAGS = (
    "joint swelling",
    "proximal weakness",
    "unexplained raised ESR/CRP",
    "weight loss",
    "fever",
    "night sweats",
    "new girdle stiffness after 50",
    "focal neurological signs",
    "abnormal blood count",
)

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

GUT_SYMPTOMS = ("bloating", "abdominal_pain", "diarrhoea", "constipation", "reflux", "nausea")
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
