import './ui/sd-app';
