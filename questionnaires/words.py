"""What the patient reads: every question in plain words, each answer tied to the workup
document's code it stands for.

The ACR 2016 body areas and symptom scale are in the app's own words (the journal's form is not
reproduced). PHQ-9 and GAD-7 are free to reproduce and use their published items; ACE (Felitti
1998) and PC-PTSD-5 (Prins 2016, public domain) are put in plain words. The red-flag questions
are lay versions of the clinician's findings (``workup.rules.vocab.RED_FLAG_QUESTIONS``): the
clinician confirms each at the visit.
"""

from __future__ import annotations

from workup.presenters import FREQUENCY_ANSWERS, GAD7_ITEMS, GAD7_STEM, PHQ9_ITEMS, PHQ9_STEM

# --- Where you have pain (WPI areas, grouped for the checkbox list) ---------------------------

BODY_REGIONS = (
    (
        "Left arm and shoulder",
        (
            ("left_shoulder_girdle", "Left shoulder"),
            ("left_upper_arm", "Left upper arm"),
            ("left_lower_arm", "Left lower arm (elbow to wrist)"),
        ),
    ),
    (
        "Right arm and shoulder",
        (
            ("right_shoulder_girdle", "Right shoulder"),
            ("right_upper_arm", "Right upper arm"),
            ("right_lower_arm", "Right lower arm (elbow to wrist)"),
        ),
    ),
    (
        "Left hip and leg",
        (
            ("left_hip", "Left hip or buttock"),
            ("left_upper_leg", "Left thigh (upper leg)"),
            ("left_lower_leg", "Left lower leg (knee to ankle)"),
        ),
    ),
    (
        "Right hip and leg",
        (
            ("right_hip", "Right hip or buttock"),
            ("right_upper_leg", "Right thigh (upper leg)"),
            ("right_lower_leg", "Right lower leg (knee to ankle)"),
        ),
    ),
    (
        "Head, neck and body",
        (
            ("left_jaw", "Left side of the jaw"),
            ("right_jaw", "Right side of the jaw"),
            ("neck", "Neck"),
            ("upper_back", "Upper back"),
            ("lower_back", "Lower back"),
            ("chest", "Chest"),
            ("abdomen", "Belly (abdomen)"),
        ),
    ),
)
AREA_WORDS = {code: label for _region, areas in BODY_REGIONS for code, label in areas}

# --- Symptoms (SSS) -----------------------------------------------------------------------

SEVERITY_ANSWERS = {
    0: "No problem",
    1: "Mild: a small problem, or only now and then",
    2: "Moderate: a real problem, much of the time",
    3: "Severe: constant, and it gets in the way of daily life",
}
SEVERITY_QUESTIONS = {
    "fatigue": "Tiredness (fatigue)",
    "waking_unrefreshed": "Waking up still tired",
    "cognitive": "Trouble thinking, concentrating or remembering",
}
PAST_SIX_MONTHS = {
    "headaches": "Headaches",
    "lower_abdominal_pain": "Pain or cramps in the lower belly",
    "depression": "Feeling depressed",
}
YES_NO = {True: "Yes", False: "No"}
YES_NO_NOT_SURE = {True: "Yes", False: "No", None: "Not sure"}

# --- Mood and worry (PHQ-9, GAD-7: the published items) --------------------------------------

FREQUENCY_WORDS = {value: text[:1].upper() + text[1:] for value, text in FREQUENCY_ANSWERS.items()}
MOOD_STEM = PHQ9_STEM
MOOD_ITEMS = PHQ9_ITEMS
WORRY_STEM = GAD7_STEM
WORRY_ITEMS = GAD7_ITEMS

# --- Childhood (ACE) and frightening events (PC-PTSD-5) --------------------------------------

CHILDHOOD_STEM = "Before you were 18, while you were growing up:"
CHILDHOOD_ITEMS = (
    "Did a parent or other adult at home often swear at you, insult you, put you down or "
    "humiliate you, or act in a way that made you afraid you might be hurt?",
    "Did a parent or other adult at home often push, grab, slap or throw something at you, or "
    "ever hit you so hard that you had marks or were injured?",
    "Did an adult, or someone at least 5 years older than you, ever touch you or make you touch "
    "them in a sexual way, or try to have or have sex with you?",
    "Did you often feel that no one in your family loved you or thought you were important, or "
    "that your family did not look out for each other or feel close?",
    "Did you often not have enough to eat, have to wear dirty clothes, or have no one to "
    "protect you, or were your parents too drunk or high to take care of you?",
    "Were your parents ever separated or divorced, or did you lose a parent?",
    "Was your mother or stepmother often pushed, grabbed, slapped, kicked, hit, or threatened "
    "with a weapon?",
    "Did you live with anyone who had a problem with drinking or used street drugs?",
    "Was someone at home depressed or mentally ill, or did someone at home attempt suicide?",
    "Did someone you lived with go to prison?",
)
EVENTS_INTRODUCTION = (
    "Sometimes things happen to people that are unusually or especially frightening, horrible "
    "or traumatic: for example a serious accident or fire, a physical or sexual assault or "
    "abuse, an earthquake or flood, a war, seeing someone be killed or seriously injured, or "
    "having a loved one die through homicide or suicide."
)
EVENTS_EXPOSURE = "Have you ever experienced this kind of event?"
EVENTS_STEM = "If yes: in the past month, have you:"
EVENTS_ITEMS = (
    "Had nightmares about the event or events, or thought about them when you did not want to?",
    "Tried hard not to think about the event or events, or gone out of your way to avoid "
    "situations that reminded you of them?",
    "Been constantly on guard, watchful, or easily startled?",
    "Felt numb or detached from people, activities or your surroundings?",
    "Felt guilty or unable to stop blaming yourself or others for the event or events, or for "
    "any problems they may have caused?",
)

# --- Exercise, sleep and diet ---------------------------------------------------------------

DIET_WORDS = {
    "hypocaloric": "A diet to lose weight (eating fewer calories)",
    "low_fodmap": "A low-FODMAP diet",
    "plant_based": "A plant-based or vegan diet",
    "gluten_free": "A gluten-free diet",
    "other": "Another special diet",
}

# --- Stomach and bowels ---------------------------------------------------------------------

GUT_WORDS = {
    "bloating": "Bloating (a swollen or tight belly)",
    "abdominal_pain": "Belly pain",
    "diarrhoea": "Diarrhoea (loose or watery stools)",
    "constipation": "Constipation (hard stools, or going less often than usual)",
    "reflux": "Heartburn or acid coming up into the throat",
    "nausea": "Feeling sick (nausea)",
    "rectal_bleeding": "Blood from your bottom or in your stools",
}

# --- Periods and menopause ------------------------------------------------------------------

STAGE_WORDS = {
    "premenopausal": "I have periods (or would have, if not for contraception)",
    "perimenopausal": "My periods are changing or becoming irregular around the menopause",
    "postmenopausal": "My periods stopped for good at least a year ago",
    "postpartum": "I had a baby in the past year",
    "pregnant": "I am pregnant",
    "not_applicable": "None of these apply to me",
}
FLARE_WORDS = {
    "none": "No, my symptoms do not change with my cycle",
    "menstrual": "Yes, they are worse during my period",
    "luteal": "Yes, they are worse in the week or two before my period",
    "follicular": "Yes, they are worse in the week or two after my period",
    "unknown": "I am not sure",
}

# --- Warning signs (red flags, lay versions of the clinician's findings) ----------------------

WARNING_SIGNS = {
    "weight_loss": "In the past 6 to 12 months, have you lost weight without trying (more than "
    "about 1 kg for every 20 kg you weigh)?",
    "fever": "Have you had a fever: a temperature of 38 °C or more, measured with a thermometer?",
    "night_sweats": "Do you have night sweats that soak your nightclothes or sheets (not "
    "explained by the menopause or a medicine)?",
    "morning_stiffness_over_60_min": "On most mornings, are your joints stiff for more than an "
    "hour after you get up?",
    "joint_swelling": "Have any of your joints been visibly swollen?",
    "proximal_weakness": "Are your shoulders or hips weak: is it hard to lift your arms above "
    "your head, climb stairs or get up from a chair?",
    "new_headache": "In the past 3 months, have you had a new headache, or one that is "
    "different from your usual headaches?",
    "jaw_claudication": "Does your jaw ache when you chew and ease when you stop (not pain in "
    "the jaw joint itself)?",
    "visual_disturbance": "Have you had any loss of sight, blurred vision or double vision?",
    "scalp_tenderness": "In the past 3 months, has your scalp become sore to touch, for example "
    "when you brush your hair?",
    "focal_neurological_signs": "Have you had weakness, numbness or loss of control in one part "
    "of your body, such as one arm, one leg or one side of your face?",
}


def words(choice_map: dict, value) -> str:
    """An answer in the patient's words, "Not answered" when it was left blank."""
    if value is None and None not in choice_map:
        return "Not answered"
    return choice_map.get(value, "Not answered")
