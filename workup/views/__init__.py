"""Workup pages. Views orchestrate: selectors read, forms validate, services write and audit.

Every page carries clinical data, so none may be cached. Every URL names the patient and the
workup; a workup id under another patient's id is a 404.
"""
