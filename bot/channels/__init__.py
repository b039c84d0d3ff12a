"""Chat channels: the Microsoft Teams connector and its Bot Framework plumbing."""
