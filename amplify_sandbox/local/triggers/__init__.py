"""Cognito Lambda triggers in the local emulator: the events Cognito sends (`events`), warm
Node/Python processes that run the deployed code (`runner`), and applying the responses as
Cognito does, with Cognito's errors (`responses`)."""
